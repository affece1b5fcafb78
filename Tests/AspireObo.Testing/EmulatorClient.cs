using System.Net.Http.Json;
using System.Text.Json;
using ServiceDefaults.Identity;

namespace AspireObo.Testing;

/// <summary>Talks to the running EntraEmulator over HTTPS, trusting its generated certificate and nothing more.</summary>
public sealed class EmulatorClient(Uri baseAddress, string certificatePath, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new(EmulatorCertificateValidator.FromFile(certificatePath).CreateHandler())
    {
        BaseAddress = baseAddress,
        Timeout = timeout,
        DefaultRequestHeaders = { { "X-Emulator-Control", "1" } }, // needed by the emulator's state-changing /_emulator endpoints
    };

    public HttpClient Http => _http;

    /// <summary>A user token for FrontApi, as a client app gets it (the dev client, resource-owner password grant).</summary>
    /// <param name="claims">A claims request (as MSAL's <c>WithClaims</c> sends after a Conditional Access challenge).</param>
    public async Task<AccessToken> GetUserTokenAsync(DevUser user, CancellationToken cancellationToken, string scope = DevTenant.FrontApiScope, string? claims = null)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = DevTenant.DevClientId,
            ["grant_type"] = "password",
            ["username"] = user.UserName,
            ["password"] = user.Password,
            ["scope"] = scope,
        };
        if (claims is not null)
        {
            form["claims"] = claims;
        }

        return new AccessToken(await RequestTokenAsync(form, $"Token request for {user.UserName}", cancellationToken));
    }

    /// <summary>What FrontApi does on a cache miss: exchange a user token On-Behalf-Of the user, as FrontApi.</summary>
    public async Task<AccessToken> ExchangeOnBehalfOfAsync(AccessToken userToken, string frontApiClientSecret, CancellationToken cancellationToken) =>
        new(await RequestTokenAsync(new()
        {
            ["client_id"] = DevTenant.FrontApiClientId,
            ["client_secret"] = frontApiClientSecret,
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["requested_token_use"] = "on_behalf_of",
            ["assertion"] = userToken.Value,
            ["scope"] = DevTenant.DownstreamReadScope,
        }, "On-Behalf-Of request", cancellationToken));

    /// <summary>How many On-Behalf-Of exchanges the emulator performed for one incoming user token.</summary>
    public async Task<int> GetOnBehalfOfCountAsync(AccessToken assertion, CancellationToken cancellationToken)
    {
        var stats = await GetStatsAsync(cancellationToken);
        return stats.GetProperty("onBehalfOf").GetProperty("byAssertion").TryGetProperty(assertion.UniqueTokenId, out var count)
            ? count.GetInt32()
            : 0;
    }

    /// <summary>On-Behalf-Of tokens the emulator has issued so far, for all users.</summary>
    public async Task<long> GetOnBehalfOfIssuedAsync(CancellationToken cancellationToken)
    {
        var stats = await GetStatsAsync(cancellationToken);
        return stats.GetProperty("tokensIssued").GetProperty("on_behalf_of").GetInt64();
    }

    public void Dispose() => _http.Dispose();

    private Task<JsonElement> GetStatsAsync(CancellationToken cancellationToken) =>
        _http.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);

    private async Task<string> RequestTokenAsync(Dictionary<string, string> form, string what, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(DevTenant.TokenPath, new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {body}");
        }

        return body.GetProperty("access_token").GetString()!;
    }
}
