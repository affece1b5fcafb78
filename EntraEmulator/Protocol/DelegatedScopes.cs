using EntraEmulator.Model;

namespace EntraEmulator.Protocol;

/// <summary>Delegated scopes granted for one resource, plus the OpenID Connect scopes that shape the response.</summary>
public sealed record DelegatedScopes(
    RegisteredApplication Resource,
    IReadOnlyList<string> Scopes,
    string ResponseScope,
    string RequestedScope,
    bool OpenId,
    bool OfflineAccess);
