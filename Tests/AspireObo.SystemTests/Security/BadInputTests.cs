using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AspireObo.SystemTests.Security;

/// <summary>
/// The table of docs/security.md, one row per test: every bad token and bad request, sent to FrontApi and DownstreamApi
/// as they run, gets the right status, the right <c>WWW-Authenticate</c> error and a problem-details body, and the
/// response never echoes the token it refused.
/// </summary>
[Collection(SharedSystem.CollectionName)]
public sealed class BadInputTests(SharedSystem shared)
{
    private const string FrontTodos = "/api/todos";
    private const string DownstreamTodos = "/todos";
    private static readonly string FrontApi = DevTenant.FrontApiClientId;
    private static readonly string DownstreamApi = DevTenant.DownstreamApiClientId;

    private readonly RunningSystem _system = shared.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public enum Api { Front, Downstream }

    /// <param name="Authorization">The whole Authorization header value, or null for none.</param>
    public sealed record Row(Api Api, HttpMethod Method, string Path, string? Authorization, int Status, string? BearerError,
        string? Body = null, string? ExpectedScope = null, string? ExpectedDetail = null);

    public static TheoryData<string> RowNames =>
    [
        "front: no Authorization header",
        "front: not Bearer",
        "front: not a JWT",
        "front: bad base64",
        "front: expired",
        "front: nbf in the future",
        "front: wrong issuer",
        "front: other tenant",
        "front: wrong audience",
        "front: DownstreamApi token",
        "front: bad signature",
        "front: alg none",
        "front: unknown kid",
        "front: HS256 signed with the RSA public key",
        "front: app-only token",
        "front: missing scope",
        "front: oversized header",
        "front: invalid JSON body",
        "front: unknown todo id",
        "downstream: no Authorization header",
        "downstream: not a JWT",
        "downstream: expired",
        "downstream: nbf in the future",
        "downstream: wrong issuer",
        "downstream: other tenant",
        "downstream: FrontApi user token",
        "downstream: bad signature",
        "downstream: alg none",
        "downstream: unknown kid",
        "downstream: HS256 signed with the RSA public key",
        "downstream: app-only token",
        "downstream: missing scope",
        "downstream: read scope on a write endpoint",
        "downstream: azp not on the allow-list",
        "downstream: oversized header",
        "downstream: invalid JSON body",
        "downstream: unknown todo id",
    ];

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Bad_input_gets_the_documented_answer(string name)
    {
        var alice = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        using var forge = new TokenForge(_system.EmulatorSigningKeyPath, alice);
        var row = RowFor(name, forge, alice);

        using var response = await SendAsync(row);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(row.Status, (int)response.StatusCode);
        AssertChallenge(row, response);
        AssertProblemDetails(row, response, body);
        if (row.Authorization is { Length: > 0 } sent)
        {
            var token = sent.Split(' ').Last();
            Assert.DoesNotContain(token, body, StringComparison.Ordinal);
            Assert.DoesNotContain(token, response.Headers.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Api.Front)]
    [InlineData(Api.Downstream)]
    public async Task Another_users_todo_answers_exactly_like_an_unknown_id(Api api)
    {
        var aliceToken = await _system.Identity.GetUserTokenAsync(DevUser.Alice, Cancellation);
        var bobToken = await _system.Identity.GetUserTokenAsync(DevUser.Bob, Cancellation);
        using var forge = new TokenForge(_system.EmulatorSigningKeyPath, aliceToken);
        var (alice, bob, path) = api == Api.Front
            ? (aliceToken, bobToken, FrontTodos)
            : (DownstreamTokenFor(aliceToken), DownstreamTokenFor(bobToken), DownstreamTodos);
        using var aliceClient = Client(api, alice);
        using var bobClient = Client(api, bob);
        using var created = await aliceClient.PostAsync(path, Json("""{"title":"alice's secret"}"""), Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var aliceTodoId = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("id").GetString()!;
        var unknownId = Guid.NewGuid().ToString("D");

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete })
        {
            var (othersStatus, othersBody) = await SendAsync(bobClient, method, $"{path}/{aliceTodoId}");
            var (unknownStatus, unknownBody) = await SendAsync(bobClient, method, $"{path}/{unknownId}");

            Assert.Equal(HttpStatusCode.NotFound, othersStatus);
            Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
            Assert.Equal(Normalize(unknownBody, unknownId), Normalize(othersBody, aliceTodoId));
            Assert.DoesNotContain("alice's secret", othersBody, StringComparison.Ordinal);
        }

        using var stillThere = await aliceClient.GetAsync($"{path}/{aliceTodoId}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);

        // What FrontApi's OBO exchange would give DownstreamApi for this user.
        AccessToken DownstreamTokenFor(AccessToken user) =>
            forge.Trusted(With(forge.UserClaims(DownstreamApi, "Todo.ReadWrite", FrontApi), "oid", user.ObjectId));

        async Task<(HttpStatusCode, string)> SendAsync(HttpClient client, HttpMethod method, string target)
        {
            using var request = new HttpRequestMessage(method, target);
            if (method == HttpMethod.Put)
            {
                request.Content = Json("""{"title":"bob was here","isComplete":true}""");
            }

            using var response = await client.SendAsync(request, Cancellation);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Cancellation));
        }

        // Problem bodies carry the request's trace id: different per request, so it is not compared.
        static string Normalize(string body, string id)
        {
            using var document = JsonDocument.Parse(body);
            return string.Join('|', document.RootElement.EnumerateObject()
                .Where(property => property.Name is not ("traceId" or "instance"))
                .Select(property => $"{property.Name}={property.Value.ToString().Replace(id, "{id}", StringComparison.OrdinalIgnoreCase)}"));
        }
    }

    private static Row RowFor(string name, TokenForge forge, AccessToken alice)
    {
        var now = DateTime.UtcNow;
        var front = forge.UserClaims(FrontApi, "access_as_user");
        var down = forge.UserClaims(DownstreamApi, "Todo.Read Todo.ReadWrite", FrontApi);
        var get = HttpMethod.Get;
        var post = HttpMethod.Post;

        return name switch
        {
            "front: no Authorization header" => new(Api.Front, get, FrontTodos, null, 401, null),
            "front: not Bearer" => new(Api.Front, get, FrontTodos, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:alice-dev-password")), 401, null),
            "front: not a JWT" => new(Api.Front, get, FrontTodos, "Bearer not-a-jwt", 401, "invalid_token"),
            "front: bad base64" => new(Api.Front, get, FrontTodos, "Bearer eyJhbGciOiJSUzI1NiJ9.%%%not*base64%%%.c2ln", 401, "invalid_token"),
            "front: expired" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(front, now.AddHours(-2), now.AddHours(-1))), 401, "invalid_token"),
            "front: nbf in the future" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(front, now.AddHours(1), now.AddHours(2))), 401, "invalid_token"),
            "front: wrong issuer" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(With(front, "iss", "https://evil.example/" + DevTenant.TenantId + "/v2.0"))), 401, "invalid_token"),
            "front: other tenant" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(OtherTenant(forge, front))), 401, "invalid_token"),
            "front: wrong audience" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(With(front, "aud", Guid.NewGuid().ToString()))), 401, "invalid_token"),
            "front: DownstreamApi token" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(down)), 401, "invalid_token"),
            "front: bad signature" => new(Api.Front, get, FrontTodos, Bearer(forge.WithBrokenSignature(alice)), 401, "invalid_token"),
            "front: alg none" => new(Api.Front, get, FrontTodos, Bearer(forge.Unsigned(front)), 401, "invalid_token"),
            "front: unknown kid" => new(Api.Front, get, FrontTodos, Bearer(forge.UnknownKey(front)), 401, "invalid_token"),
            "front: HS256 signed with the RSA public key" => new(Api.Front, get, FrontTodos, Bearer(forge.HmacWithPublicKey(front)), 401, "invalid_token"),
            "front: app-only token" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(AppOnly(front))), 403, "insufficient_scope", ExpectedScope: "access_as_user"),
            "front: missing scope" => new(Api.Front, get, FrontTodos, Bearer(forge.Trusted(With(front, "scp", "User.Read"))), 403, "insufficient_scope", ExpectedScope: "access_as_user"),
            "front: oversized header" => new(Api.Front, get, FrontTodos, Bearer(alice) + new string('A', 40_000), 431, null),
            "front: invalid JSON body" => new(Api.Front, post, FrontTodos, Bearer(alice), 400, null, Body: "{\"title\": \"unterminated"),
            "front: unknown todo id" => new(Api.Front, get, $"{FrontTodos}/{Guid.NewGuid()}", Bearer(alice), 404, null),

            "downstream: no Authorization header" => new(Api.Downstream, get, DownstreamTodos, null, 401, null),
            "downstream: not a JWT" => new(Api.Downstream, get, DownstreamTodos, "Bearer not-a-jwt", 401, "invalid_token"),
            "downstream: expired" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(down, now.AddHours(-2), now.AddHours(-1))), 401, "invalid_token"),
            "downstream: nbf in the future" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(down, now.AddHours(1), now.AddHours(2))), 401, "invalid_token"),
            "downstream: wrong issuer" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(With(down, "iss", "https://evil.example/" + DevTenant.TenantId + "/v2.0"))), 401, "invalid_token"),
            "downstream: other tenant" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(OtherTenant(forge, down))), 401, "invalid_token"),
            "downstream: FrontApi user token" => new(Api.Downstream, get, DownstreamTodos, Bearer(alice), 401, "invalid_token"),
            "downstream: bad signature" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.WithBrokenSignature(forge.Trusted(down))), 401, "invalid_token"),
            "downstream: alg none" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Unsigned(down)), 401, "invalid_token"),
            "downstream: unknown kid" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.UnknownKey(down)), 401, "invalid_token"),
            "downstream: HS256 signed with the RSA public key" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.HmacWithPublicKey(down)), 401, "invalid_token"),
            "downstream: app-only token" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(AppOnly(down, "Todo.Read.All"))), 403, "insufficient_scope", ExpectedScope: "Todo.Read Todo.ReadWrite"),
            "downstream: missing scope" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(With(down, "scp", "Todo.Unrelated"))), 403, "insufficient_scope", ExpectedScope: "Todo.Read Todo.ReadWrite"),
            "downstream: read scope on a write endpoint" => new(Api.Downstream, post, DownstreamTodos, Bearer(forge.Trusted(With(down, "scp", "Todo.Read"))), 403, "insufficient_scope",
                Body: """{"title":"should not be written"}""", ExpectedScope: "Todo.ReadWrite"),
            "downstream: azp not on the allow-list" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(With(down, "azp", DevTenant.DevClientId))), 403, null,
                ExpectedDetail: "The client application is not allowed to call this API."),
            "downstream: oversized header" => new(Api.Downstream, get, DownstreamTodos, Bearer(forge.Trusted(down)) + new string('A', 40_000), 431, null),
            "downstream: invalid JSON body" => new(Api.Downstream, post, DownstreamTodos, Bearer(forge.Trusted(down)), 400, null, Body: "{\"title\": \"unterminated"),
            "downstream: unknown todo id" => new(Api.Downstream, get, $"{DownstreamTodos}/{Guid.NewGuid()}", Bearer(forge.Trusted(down)), 404, null),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such row."),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(Row row)
    {
        using var client = Client(row.Api, token: null);
        using var request = new HttpRequestMessage(row.Method, row.Path);
        if (row.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", row.Authorization);
        }

        if (row.Body is not null)
        {
            request.Content = Json(row.Body);
        }

        return await client.SendAsync(request, Cancellation);
    }

    private static void AssertChallenge(Row row, HttpResponseMessage response)
    {
        var challenges = response.Headers.WwwAuthenticate.Where(header => header.Scheme == "Bearer").ToList();
        if (row.Status == 401)
        {
            // RFC 6750 §3: a 401 always names the scheme; without credentials it carries no error code (§3.1).
            var challenge = Assert.Single(challenges);
            Assert.Equal(row.BearerError, ParameterOf(challenge, "error"));
        }
        else if (row.BearerError is not null)
        {
            var challenge = Assert.Single(challenges, header => ParameterOf(header, "error") is not null);
            Assert.Equal(row.BearerError, ParameterOf(challenge, "error"));
            if (row.ExpectedScope is not null)
            {
                Assert.Equal(row.ExpectedScope, ParameterOf(challenge, "scope"));
            }
        }
        else
        {
            Assert.DoesNotContain(challenges, header => ParameterOf(header, "error") is not null);
        }
    }

    private static void AssertProblemDetails(Row row, HttpResponseMessage response, string body)
    {
        if (row.Status == StatusCodes.RequestHeaderFieldsTooLarge)
        {
            // Kestrel refuses an oversized header before any middleware runs: no body at all (see docs/security.md).
            Assert.Empty(body);
            return;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(row.Status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        if (row.ExpectedDetail is not null)
        {
            Assert.Equal(row.ExpectedDetail, problem.RootElement.GetProperty("detail").GetString());
        }
        else if (row.ExpectedScope is not null)
        {
            Assert.Contains(row.ExpectedScope, problem.RootElement.GetProperty("detail").GetString());
        }

        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    private static string? ParameterOf(AuthenticationHeaderValue challenge, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(challenge.Parameter ?? "", $"(?:^|,)\\s*{name}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    private HttpClient Client(Api api, AccessToken? token) =>
        api == Api.Front ? _system.CreateFrontClient(token) : _system.CreateDownstreamClient(token);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Bearer(AccessToken token) => "Bearer " + token.Value;

    private static Dictionary<string, object> With(Dictionary<string, object> claims, string name, object value) =>
        new(claims) { [name] = value };

    private static Dictionary<string, object> OtherTenant(TokenForge forge, Dictionary<string, object> claims) =>
        new(claims)
        {
            ["tid"] = TokenForge.OtherTenantId,
            ["iss"] = forge.Issuer.Replace(DevTenant.TenantId, TokenForge.OtherTenantId, StringComparison.OrdinalIgnoreCase),
        };

    /// <summary>The shape of a client-credentials token: <c>roles</c> and <c>idtyp: app</c>, no <c>scp</c>, no user.</summary>
    private static Dictionary<string, object> AppOnly(Dictionary<string, object> claims, params string[] roles)
    {
        var appOnly = new Dictionary<string, object>(claims) { ["idtyp"] = "app", ["roles"] = roles.Length > 0 ? roles : ["Some.Role"] };
        appOnly.Remove("scp");
        appOnly.Remove("name");
        appOnly.Remove("preferred_username");
        return appOnly;
    }

    private static class StatusCodes
    {
        public const int RequestHeaderFieldsTooLarge = 431;
    }
}
