using System.Collections.Concurrent;

namespace EntraEmulator.Faults;

/// <summary>
/// What the developer switched on at run time (<c>/_emulator/faults</c>): the token endpoint's fault, if any, and the
/// users who must now do multi-factor authentication. One set per emulator process.
/// </summary>
public sealed class EmulatorFaults(TimeProvider time)
{
    private volatile ActiveFault? _tokenEndpoint;
    private readonly ConcurrentDictionary<string, MfaRequirement> _mfaRequired = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The fault in force, or null once cleared or past its <see cref="TokenEndpointFault.DurationSeconds"/>.</summary>
    public TokenEndpointFault? TokenEndpoint
    {
        get => _tokenEndpoint is { } active && (active.ExpiresAt is null || time.GetUtcNow() < active.ExpiresAt) ? active.Fault : null;
        set => _tokenEndpoint = value is null ? null : new ActiveFault(value,
            value.DurationSeconds is { } seconds ? time.GetUtcNow().AddSeconds(seconds) : null);
    }

    /// <summary>When the current fault heals by itself, if it does.</summary>
    public DateTimeOffset? TokenEndpointFaultExpiresAt => TokenEndpoint is null ? null : _tokenEndpoint?.ExpiresAt;

    /// <summary>Users (by object id) who now need MFA for these applications, on top of the configured policy.</summary>
    public IReadOnlyCollection<MfaRequirement> MfaRequirements => [.. _mfaRequired.Values];

    public void RequireMfa(MfaRequirement requirement) => _mfaRequired[requirement.UserObjectId] = requirement;

    public bool RequiresMfa(string userObjectId, string applicationName) =>
        _mfaRequired.TryGetValue(userObjectId, out var requirement)
        && requirement.Applications.Contains(applicationName, StringComparer.OrdinalIgnoreCase);

    /// <summary>Back to the configured behaviour: no token-endpoint fault, no extra MFA requirement.</summary>
    public void Clear()
    {
        _tokenEndpoint = null;
        _mfaRequired.Clear();
    }

    private sealed record ActiveFault(TokenEndpointFault Fault, DateTimeOffset? ExpiresAt);
}

/// <summary>A user who must do MFA for the named applications (as <c>EntraEmulator:Users:{name}:MfaRequiredFor</c> would say).</summary>
public sealed record MfaRequirement(string UserName, string UserObjectId, IReadOnlyList<string> Applications);
