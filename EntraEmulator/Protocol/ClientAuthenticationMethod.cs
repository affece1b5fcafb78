namespace EntraEmulator.Protocol;

/// <summary>
/// How the client proved who it is, as Entra records it in <c>azpacr</c> (v2.0) / <c>appidacr</c> (v1.0):
/// "0" public client, "1" client secret, "2" client certificate (a signed client assertion).
/// </summary>
public enum ClientAuthenticationMethod
{
    None = 0,
    Secret = 1,
    Certificate = 2,
}
