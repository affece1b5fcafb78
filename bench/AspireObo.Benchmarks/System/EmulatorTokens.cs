using System.Net.Http.Json;
using System.Text.Json;
using ServiceDefaults.Identity;

namespace AspireObo.Benchmarks.System;

/// <summary>The benchmark's own calls to the EntraEmulator: user tokens, one OBO exchange for the floor, and its counters.</summary>
public sealed class EmulatorTokens(Uri baseAddress, string certificatePath, string frontApiClientSecret) : IDisposable
{
    private readonly HttpClient _http = new(EmulatorCertificateValidator.FromFile(certificatePath).CreateHandler())
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static string TokenPath => $"{DevIdentities.TenantId}/oauth2/v2.0/token";

    /// <summary>A user token for FrontApi, as a client app gets it (the developer client, password grant).</summary>
    public Task<string> GetUserTokenAsync(BenchUser user, CancellationToken cancellationToken) => RequestTokenAsync(new()
    {
        ["client_id"] = DevIdentities.DevClientId,
        ["grant_type"] = "password",
        ["username"] = user.UserPrincipalName,
        ["password"] = user.Password,
        ["scope"] = DevIdentities.FrontApiScope,
    }, cancellationToken);

    /// <summary>What FrontApi does on a cache miss: exchange the user token On-Behalf-Of the user, as FrontApi.</summary>
    public Task<string> ExchangeOnBehalfOfAsync(string userToken, CancellationToken cancellationToken) => RequestTokenAsync(new()
    {
        ["client_id"] = DevIdentities.FrontApiClientId,
        ["client_secret"] = frontApiClientSecret,
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
        ["requested_token_use"] = "on_behalf_of",
        ["assertion"] = userToken,
        ["scope"] = DevIdentities.DownstreamReadScope,
    }, cancellationToken);

    /// <summary>On-Behalf-Of tokens the emulator has issued so far (<c>/_emulator/stats</c>).</summary>
    public async Task<long> GetOnBehalfOfIssuedAsync(CancellationToken cancellationToken)
    {
        var stats = await _http.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);
        return stats.GetProperty("tokensIssued").GetProperty("on_behalf_of").GetInt64();
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> RequestTokenAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(TokenPath, new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The emulator refused a {form["grant_type"]} token request: {(int)response.StatusCode} {body.GetProperty("error")}");
        }

        return body.GetProperty("access_token").GetString()!;
    }
}
