using System.Text;
using System.Text.Json;

namespace AspireObo.Testing;

/// <summary>An access token as a test sees it: the raw string to send, and its claims to compare against.</summary>
public sealed record AccessToken(string Value)
{
    private JsonElement? _claims;

    public JsonElement Claims => _claims ??= ReadPayload(Value);

    public string Claim(string name) => Claims.GetProperty(name).GetString()
        ?? throw new InvalidOperationException($"Claim '{name}' is not a string.");

    public string ObjectId => Claim("oid");

    /// <summary>Entra's unique token identifier: the emulator counts OBO exchanges per incoming assertion by it.</summary>
    public string UniqueTokenId => Claim("uti");

    private static JsonElement ReadPayload(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.Clone();
    }
}
