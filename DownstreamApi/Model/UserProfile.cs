namespace DownstreamApi.Model;

// DownstreamApi's contract, compiled into FrontApi too (FrontApi.csproj): FrontApi's /api/me and /api/profile return it.

/// <summary>Who called, as the access token says: proves which user and which client application (azp) came through.</summary>
public sealed record UserProfile(
    string Oid,
    string Tid,
    string? Name,
    string? PreferredUsername,
    string? Azp,
    IReadOnlyList<string> Scopes);
