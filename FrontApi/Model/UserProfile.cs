namespace FrontApi.Model;

/// <summary>DownstreamApi's view of the caller: the user behind the OBO token, and FrontApi as its client application (azp).</summary>
public sealed record UserProfile(
    string Oid,
    string Tid,
    string? Name,
    string? PreferredUsername,
    string? Azp,
    IReadOnlyList<string> Scopes);
