namespace EntraEmulator.Tokens;

/// <summary>The user a delegated token is about: from the directory (password grant) or from an assertion (OBO).</summary>
public sealed record UserIdentity(string ObjectId, string? Name, string? PreferredUsername);
