using System.Net.Http.Json;
using System.Text.Json;
using ServiceDefaults.Identity;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>Talks to the running EntraEmulator over HTTPS, trusting its generated certificate and nothing more.</summary>
public sealed class EmulatorClient(Uri baseAddress, string certificatePath) : IDisposable
{
    private readonly HttpClient _http = new(EmulatorCertificateValidator.FromFile(certificatePath).CreateHandler())
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public HttpClient Http => _http;

    /// <summary>A user token for FrontApi, as a client app gets it (the dev client, resource-owner password grant).</summary>
    /// <param name="claims">A claims request (as MSAL's <c>WithClaims</c> sends after a Conditional Access challenge).</param>
    public async Task<AccessToken> GetUserTokenAsync(DevUser user, CancellationToken cancellationToken, string scope = DevApplications.FrontApiScope, string? claims = null)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = DevApplications.DevClientId,
            ["grant_type"] = "password",
            ["username"] = user.UserName,
            ["password"] = user.Password,
            ["scope"] = scope,
        };
        if (claims is not null)
        {
            form["claims"] = claims;
        }

        using var response = await _http.PostAsync($"{DevApplications.TenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(form), cancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"Token request for {user.UserName} failed: {(int)response.StatusCode} {body}");
        return new AccessToken(body.GetProperty("access_token").GetString()!);
    }

    /// <summary>How many On-Behalf-Of exchanges the emulator performed for one incoming user token.</summary>
    public async Task<int> GetOnBehalfOfCountAsync(AccessToken assertion, CancellationToken cancellationToken)
    {
        var stats = await _http.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);
        return stats.GetProperty("onBehalfOf").GetProperty("byAssertion").TryGetProperty(assertion.UniqueTokenId, out var count)
            ? count.GetInt32()
            : 0;
    }

    public void Dispose() => _http.Dispose();
}
