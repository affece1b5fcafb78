using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

/// <summary>The emulator outside the Development environment: only Entra's endpoints, and only when told it is an emulator.</summary>
public sealed class OutsideDevelopmentTests
{
    private const string Acknowledge = "EntraEmulator:AcknowledgeEmulator";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outside_Development_the_emulators_own_endpoints_do_not_exist()
    {
        await using var emulator = new EmulatorFactory(environment: "Production", overrides: new Dictionary<string, string?> { [Acknowledge] = "true" });
        using var http = emulator.CreateClient();

        using (var discovery = await http.GetAsync($"/{TestTenant.TenantId}/v2.0/.well-known/openid-configuration", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        }

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/_emulator/stats"),
            (HttpMethod.Get, "/_emulator/faults"),
            (HttpMethod.Put, "/_emulator/faults"),
            (HttpMethod.Delete, "/_emulator/faults"),
            (HttpMethod.Post, "/_emulator/users/alice/revokeSignInSessions"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Get ? null : JsonContent.Create(new { statusCode = 429 }) };
            using var response = await http.SendAsync(request, Cancellation);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal("not_found", body.GetProperty("error").GetString());
        }
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Staging", null)]
    [InlineData("Production", "false")]
    public async Task Outside_Development_it_refuses_to_start_unless_told_it_is_an_emulator(string environment, string? acknowledged)
    {
        await using var emulator = new EmulatorFactory(environment: environment, overrides: new Dictionary<string, string?> { [Acknowledge] = acknowledged });

        var exception = Assert.ThrowsAny<Exception>(() => emulator.CreateClient());

        var message = Flatten(exception);
        Assert.Contains($"'{environment}'", message);
        Assert.Contains("not an identity provider", message);
        Assert.Contains($"{Acknowledge}=true", message);
        Assert.False(File.Exists(Path.Combine(emulator.DataDirectory, "signing-key.pem")), "no signing key is created");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_it_starts_when_told_it_is_an_emulator(string environment)
    {
        await using var emulator = new EmulatorFactory(environment: environment, overrides: new Dictionary<string, string?> { [Acknowledge] = "true" });
        var client = emulator.CreateTokenClient();

        (await client.PasswordAsync()).AssertSuccess();
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? "\n" + Flatten(inner) : "");
}
