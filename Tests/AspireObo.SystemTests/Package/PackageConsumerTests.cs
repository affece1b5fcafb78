using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ServiceDefaults.Identity;

namespace AspireObo.SystemTests.Package;

/// <summary>
/// EntraEmulator.Hosting used from outside this repository: <c>dotnet pack</c> makes the package, samples/MinimalObo
/// (an AppHost and two APIs of its own, no project reference into this repository) restores it from a local feed,
/// runs, and one authenticated call goes through its On-Behalf-Of hop, counted by the emulator it brought along.
/// Isolated: packing and building on 2 cores would distort the timings of the parallel tests.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class PackageConsumerTests
{
    /// <summary>A guard against a hung build or process, not a speed claim: pack + build take ~1-2 min on 2 cores.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task The_packed_integration_runs_a_consumer_AppHost_whose_OBO_hop_the_emulator_counts()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        var cancellation = timeout.Token;

        await using var sample = new ConsumerSample();
        await sample.PackAndBuildAsync(cancellation);
        sample.Start();
        var tenant = await sample.WaitForTenantAsync(cancellation);

        using var emulator = new HttpClient(EmulatorCertificateValidator.FromFile(tenant.CertificatePath).CreateHandler())
        {
            BaseAddress = new Uri(tenant.Instance),
        };
        using var hello = new HttpClient { BaseAddress = new Uri("http://localhost:5281") }; // HelloApi's launch profile
        await Eventually.ReadAsync(token => AnswersAsync(hello, token), answers => answers, TimeSpan.FromMinutes(2), _ => "HelloApi does not answer", cancellation);

        var userToken = (await Eventually.ReadAsync(token => SignInAdaAsync(emulator, tenant, token), accessToken => accessToken is not null,
            TimeSpan.FromMinutes(1), _ => "the emulator does not answer", cancellation))!;
        hello.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", userToken);

        using var first = await hello.GetAsync("/hello", cancellation);
        var body = await first.Content.ReadAsStringAsync(cancellation);
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"{(int)first.StatusCode}: {body}");
        var greeting = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Hello, Ada Lovelace!", greeting.GetProperty("greeting").GetString());
        Assert.Equal(new JsonWebToken(userToken).GetClaim("oid").Value, greeting.GetProperty("oid").GetString());
        Assert.Equal(tenant.Applications["HelloApi"], greeting.GetProperty("azp").GetString()); // GreetingApi saw HelloApi's OBO token
        Assert.Equal(1, await OnBehalfOfExchangesAsync(emulator, cancellation));

        // The same user's next call is served from HelloApi's token cache: no second exchange.
        using var second = await hello.GetAsync("/hello", cancellation);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, await OnBehalfOfExchangesAsync(emulator, cancellation));
    }

    /// <summary>HelloApi is up once it challenges a call without a token.</summary>
    private static async Task<bool> AnswersAsync(HttpClient hello, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await hello.GetAsync("/hello", cancellationToken);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Ada's token for HelloApi, as the sample's public client gets it (null until the emulator answers).</summary>
    private static async Task<string?> SignInAdaAsync(HttpClient emulator, EmulatedTenant tenant, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await emulator.PostAsync($"{tenant.TenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = tenant.Applications["Cli"],
                ["scope"] = $"api://{tenant.Applications["HelloApi"]}/access_as_user",
                ["username"] = "ada",
                ["password"] = "ada-dev-password",
            }), cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return response.IsSuccessStatusCode ? body.GetProperty("access_token").GetString() : throw new InvalidOperationException($"Sign-in failed: {body}");
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<long> OnBehalfOfExchangesAsync(HttpClient emulator, CancellationToken cancellationToken)
    {
        var stats = await emulator.GetFromJsonAsync<JsonElement>("_emulator/stats", cancellationToken);
        return stats.GetProperty("tokensIssued").GetProperty("on_behalf_of").GetInt64();
    }
}
