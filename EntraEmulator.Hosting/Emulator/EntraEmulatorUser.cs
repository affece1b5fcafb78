namespace EntraEmulator.Hosting.Emulator;

/// <summary>
/// A user of the emulated tenant, signed in by name or UPN (password grant, sign-in page). Development credentials of an
/// emulated directory, not secrets: they exist only while the emulator runs.
/// </summary>
/// <param name="Name">Short user name, e.g. <c>alice</c>.</param>
public sealed record EntraEmulatorUser(string Name)
{
    /// <summary>The user's <c>oid</c>; null derives one from the name (the same every run).</summary>
    public string? ObjectId { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Null: <c>{Name}@{the tenant's domain}</c>.</summary>
    public string? UserPrincipalName { get; init; }

    /// <summary>Null: the user exists but cannot sign in with a password.</summary>
    public string? Password { get; init; }

    // Profile properties Microsoft Graph's /v1.0/me returns (the emulator serves it); null when not set, as in Graph.
    public string? GivenName { get; init; }

    public string? Surname { get; init; }

    public string? JobTitle { get; init; }

    public string? OfficeLocation { get; init; }

    public string? PreferredLanguage { get; init; }
}
