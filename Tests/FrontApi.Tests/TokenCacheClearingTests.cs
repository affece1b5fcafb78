using System.Net;
using FrontApi.Tests.Infrastructure;
using FrontApi.TokenCache;

namespace FrontApi.Tests;

/// <summary>
/// FrontApi's development-only "clear the token cache" (the dashboard's command on <c>front</c>): absent in Production
/// and without the AppHost's key, and refused without that key. That it empties both levels is shown end to end by
/// Tests/AspireObo.SystemTests/Dashboard/DashboardCommandTests (in process, Development wiring expects the emulator).
/// </summary>
public sealed class TokenCacheClearingTests
{
    private const string Key = "per-run-development-admin-key-0123456789";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Production", Key)]
    [InlineData("Development", null)]
    public async Task The_endpoint_does_not_exist_in_Production_or_without_the_AppHosts_key(string environment, string? key)
    {
        using var host = new FrontApiHost { EnvironmentName = environment, ExtraSettings = Settings(key) };
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Clear(Key), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    public async Task A_caller_without_the_key_is_refused(string? presented)
    {
        using var host = new FrontApiHost { EnvironmentName = "Development", ExtraSettings = Settings(Key) };
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Clear(presented), Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static Dictionary<string, string?> Settings(string? key) => new() { [TokenCacheClearingEndpoint.KeySetting] = key };

    private static HttpRequestMessage Clear(string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, TokenCacheClearingEndpoint.Route);
        if (key is not null)
        {
            request.Headers.Add(TokenCacheClearingEndpoint.KeyHeader, key);
        }

        return request;
    }
}
