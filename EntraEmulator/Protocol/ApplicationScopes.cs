using EntraEmulator.Model;

namespace EntraEmulator.Protocol;

/// <summary>App roles granted to a client on one resource (client credentials).</summary>
public sealed record ApplicationScopes(RegisteredApplication Resource, IReadOnlyList<string> Roles);
