using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EntraEmulator.Tests.Infrastructure;

namespace EntraEmulator.Tests;

/// <summary>
/// Thousands of random token requests — random mixes of real and garbage parameters, content types, methods, tenants and
/// client-authentication headers — must each get an answer quickly, never a 500, and (unless a token was really issued)
/// an Entra-shaped error. The seed is in the test name so any failure replays exactly.
/// </summary>
public sealed class TokenEndpointFuzzTests(DefaultEmulator emulator) : IClassFixture<DefaultEmulator>
{
    private const int RequestsPerSeed = 400;
    private static readonly TimeSpan PerRequestTimeout = TimeSpan.FromSeconds(20);

    private static readonly string[] ParameterNames =
    [
        "grant_type", "client_id", "client_secret", "scope", "username", "password", "assertion", "requested_token_use",
        "refresh_token", "client_info", "claims", "client_assertion", "client_assertion_type", "code", "redirect_uri",
    ];

    private readonly HttpClient _http = emulator.CreateClient();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Random_requests_never_get_a_500_or_hang(int seed)
    {
        var random = new Random(seed);
        var realUserToken = await emulator.CreateTokenClient().UserTokenForFrontApiAsync();
        var values = ValuePool(realUserToken);

        for (var i = 0; i < RequestsPerSeed; i++)
        {
            using var request = RandomRequest(random, values);
            var description = $"seed {seed}, request {i}: {request.Method} {request.RequestUri} {await DescribeAsync(request)}";
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(PerRequestTimeout);

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"No answer within {PerRequestTimeout}: {description}");
                throw;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} {body} for {description}");
                AssertEntraShaped(response, body, description);
            }
        }
    }

    private static void AssertEntraShaped(HttpResponseMessage response, string body, string description)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (response.IsSuccessStatusCode)
        {
            Assert.True(root.TryGetProperty("access_token", out _), $"200 without access_token for {description}");
            return;
        }

        Assert.True(root.TryGetProperty("error", out _), $"error response without 'error' for {description}: {body}");
        var code = root.GetProperty("error_codes")[0].GetInt32();
        Assert.StartsWith($"AADSTS{code}: ", root.GetProperty("error_description").GetString());
    }

    private static Dictionary<string, string[]> ValuePool(string userToken) => new()
    {
        ["grant_type"] = ["password", "client_credentials", "refresh_token", TokenClient.JwtBearer, "authorization_code", "", "PASSWORD", "password "],
        ["client_id"] = [TestTenant.DevClient, TestTenant.FrontApi, TestTenant.Daemon, TestTenant.DownstreamApi, Guid.NewGuid().ToString(), "not-a-guid", ""],
        ["client_secret"] = [TestTenant.FrontApiSecret, TestTenant.DaemonSecret, "wrong", ""],
        ["scope"] = [TestTenant.FrontScope, TestTenant.TodoRead, $"api://{TestTenant.DownstreamApi}/.default", "openid offline_access", "/", "//", "api://", ".default",
            $"{TestTenant.FrontScope} {TestTenant.TodoRead}", "User.Read", $"api://{Guid.NewGuid()}/x"],
        ["username"] = ["alice", "alice@aspireobo.dev", "nobody", ""],
        ["password"] = [TestTenant.AlicePassword, "wrong", ""],
        ["assertion"] = [userToken, userToken[..^5], "a.b.c", "not-a-jwt", "eyJ9.eyJ9.", ""],
        ["requested_token_use"] = ["on_behalf_of", "something_else", ""],
        ["refresh_token"] = ["0.garbage", ""],
        ["client_info"] = ["1", "0"],
        ["claims"] = ["""{"access_token":{"acrs":{"essential":true,"value":"c1"}}}""", "{", "null", "[]", "\"x\""],
    };

    private static HttpRequestMessage RandomRequest(Random random, Dictionary<string, string[]> values)
    {
        var tenant = Pick(random, [TestTenant.TenantId, "common", "organizations", "contoso.onmicrosoft.com", "%2F", "x%20y", Guid.NewGuid().ToString()]);
        var method = random.Next(10) == 0 ? Pick(random, [HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch]) : HttpMethod.Post;
        var request = new HttpRequestMessage(method, $"/{tenant}/oauth2/v2.0/token");

        var fields = new List<KeyValuePair<string, string>>();
        foreach (var name in ParameterNames.Where(_ => random.Next(3) > 0))
        {
            var value = random.Next(8) switch
            {
                0 => RandomText(random),
                1 => new string('x', random.Next(1, 20_000)),
                _ => values.TryGetValue(name, out var pool) ? Pick(random, pool) : RandomText(random),
            };
            fields.Add(new(name, value));
            if (random.Next(15) == 0)
            {
                fields.Add(new(name, RandomText(random))); // the same parameter twice
            }
        }

        for (var extra = random.Next(3); extra > 0; extra--)
        {
            fields.Add(new(RandomText(random), RandomText(random)));
        }

        request.Content = random.Next(6) switch
        {
            0 => new StringContent(JsonSerializer.Serialize(fields.DistinctBy(f => f.Key).ToDictionary(f => f.Key, f => f.Value)), Encoding.UTF8, "application/json"),
            1 => new ByteArrayContent(RandomBytes(random)) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") } },
            2 => new ByteArrayContent(RandomBytes(random)) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz") } },
            _ => new FormUrlEncodedContent(fields),
        };

        switch (random.Next(6))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Pick(random, values["client_id"])}:{Pick(random, values["client_secret"])}")));
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", Pick(random, ["Basic", "Basic !!!", "Basic " + Convert.ToBase64String("no-colon"u8.ToArray()), "Bearer x", RandomText(random)]));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("client-request-id", RandomText(random));
                break;
        }

        return request;
    }

    private static async Task<string> DescribeAsync(HttpRequestMessage request)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync();
        return $"[{request.Content?.Headers.ContentType}] {(body.Length > 300 ? body[..300] + "…" : body)} auth={request.Headers.Authorization}";
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string RandomText(Random random)
    {
        const string alphabet = "abcXYZ019 .-_~:/?#[]@!$&'()*+,;=%\"<>\\{}|^`\u00e9\u4e2d\ud83d\ude00\u0000\r\n\t";
        var length = random.Next(0, 40);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 2_000)];
        random.NextBytes(bytes);
        return bytes;
    }
}
