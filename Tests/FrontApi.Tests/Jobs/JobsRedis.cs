using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspireObo.Testing;
using FrontApi.Tests.Infrastructure;
using StackExchange.Redis;

namespace FrontApi.Tests.Jobs;

/// <summary>
/// A redis-server of one test class's own, for digest jobs: every FrontApi in process polls its Redis for due jobs, so jobs
/// of this class must not be run by another class's FrontApi (with another stand-in authority). FrontApi connects as an
/// ACL user of its own (<see cref="FrontUser"/>), as under the AppHost, so that a test can take keys away from it — a
/// real Redis refusing real commands — while an admin connection (<see cref="Database"/>) looks at and changes what is stored.
/// </summary>
public sealed class JobsRedis : IAsyncLifetime
{
    public const string FrontUser = "front";
    public const string JobsPrefix = "AspireObo:FrontApi:Jobs:";
    public const string TokenCachePrefix = "AspireObo:FrontApi:TokenCache:";

    private readonly string _password = Guid.NewGuid().ToString("N");
    private LocalRedisServer? _server;
    private ConnectionMultiplexer? _admin;

    /// <summary>FrontApi's connection string: its own user.</summary>
    public string FrontConnectionString => $"{_server!.ConnectionString},user={FrontUser},password={_password}";

    public IDatabase Database => _admin!.GetDatabase();

    public IServer Server => _admin!.GetServer(_admin.GetEndPoints()[0]);

    public async ValueTask InitializeAsync()
    {
        _server = await LocalRedisServer.StartAsync();
        _admin = await ConnectionMultiplexer.ConnectAsync($"{_server.ConnectionString},allowAdmin=true");
        await Database.ExecuteAsync("ACL", "SETUSER", FrontUser, "on", $">{_password}", "~*", "&*", "+@all");
    }

    /// <summary>An empty Redis, FrontApi's user allowed every key again.</summary>
    public async Task ResetAsync()
    {
        await AllowAllKeysAsync();
        await Server.FlushDatabaseAsync();
    }

    /// <summary>From now on FrontApi's user may touch only keys matching <paramref name="keyRules"/> (ACL key rules: <c>~pattern</c>, <c>%R~pattern</c>).</summary>
    public Task RestrictKeysAsync(params string[] keyRules) => Database.ExecuteAsync("ACL", new object[] { "SETUSER", FrontUser, "resetkeys" }.Concat(keyRules).ToArray());

    public Task AllowAllKeysAsync() => RestrictKeysAsync("~*");

    /// <summary>Redis accepts connections and commands but answers none for <paramref name="duration"/>: a stopped server behind a proxy, a stall.</summary>
    public Task PauseAsync(TimeSpan duration) => Database.ExecuteAsync("CLIENT", "PAUSE", ((long)duration.TotalMilliseconds).ToString(), "ALL");

    /// <summary>The job's record as stored.</summary>
    public async Task<JsonElement> RecordAsync(Guid jobId) =>
        JsonDocument.Parse((await Database.StringGetAsync($"{JobsPrefix}{jobId:N}")).ToString()).RootElement.Clone();

    public async Task<IReadOnlyList<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in Server.KeysAsync(pattern: prefix + "*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>What the digest-job tests do through FrontApi's endpoints.</summary>
public static class DigestJobsClient
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A FrontApi in process on <paramref name="redis"/>, with <paramref name="settings"/> on top.</summary>
    public static FrontApiHost Host(JobsRedis redis, bool realTokenAcquisition, TimeProvider? time = null,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? logging = null, IReadOnlyList<(string Key, string Value)>? settings = null)
    {
        var extra = new Dictionary<string, string?> { ["ConnectionStrings:cache"] = redis.FrontConnectionString };
        foreach (var (key, value) in settings ?? [])
        {
            extra[key] = value;
        }

        return new FrontApiHost { RealTokenAcquisition = realTokenAcquisition, Time = time, ConfigureLogging = logging, ExtraSettings = extra };
    }

    public static async Task<Guid> StartAsync(HttpClient caller, int rounds, int intervalSeconds)
    {
        using var response = await caller.PostAsJsonAsync("/api/todos/digest", new { rounds, intervalSeconds }, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    public static async Task<JsonElement> ViewAsync(HttpClient caller, Guid jobId)
    {
        using var response = await caller.GetAsync($"/api/jobs/{jobId}", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The job's view once <paramref name="isDone"/> says so.</summary>
    public static Task<JsonElement> WaitForAsync(HttpClient caller, Guid jobId, Func<JsonElement, bool> isDone) =>
        Eventually.WaitForAsync<JsonElement>(async () =>
        {
            var view = await ViewAsync(caller, jobId);
            return isDone(view) ? view : null;
        });

    public static string Status(this JsonElement view) => view.GetProperty("status").GetString()!;

    public static HttpResponseMessage Unavailable(int retryAfterSeconds)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }
}

/// <summary>A test class of digest jobs: its own <see cref="JobsRedis"/>, emptied before each test.</summary>
public abstract class JobsTestClass(JobsRedis redis) : IClassFixture<JobsRedis>, IAsyncLifetime
{
    protected JobsRedis Redis { get; } = redis;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => new(Redis.ResetAsync());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
