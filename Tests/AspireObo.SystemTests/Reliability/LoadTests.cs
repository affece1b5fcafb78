using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AspireObo.SystemTests.Reliability;

public sealed class LoadSystem() : PrivateSystem(new SystemOptions
{
    FrontReplicas = 2,
    AppHostArguments = [LoadTestUsers.AppHostArgument(LoadTests.Users)],
});

/// <summary>
/// 50 users at once, each writing and reading concurrently through FrontApi (two replicas, loopback only, a fixed
/// number of requests): no 5xx, no response carrying another user's identity or data, every acknowledged write
/// readable afterwards. The figures go to the test output.
/// </summary>
[Collection(IsolatedSystems.Name)]
public sealed class LoadTests(LoadSystem fixture) : IClassFixture<LoadSystem>
{
    public const int Users = 50;
    private const int WritesPerUser = 10;
    private const int ReadsPerUser = 10;

    private readonly RunningSystem _system = fixture.System;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fifty_users_reading_and_writing_concurrently_get_no_5xx_no_foreign_data_and_lose_no_write()
    {
        var run = Guid.NewGuid().ToString("N");
        var tokens = await Task.WhenAll(Enumerable.Range(1, Users).Select(n => _system.Identity.GetUserTokenAsync(LoadTestUsers.User(n), Cancellation)));
        var stats = new LoadStats();

        var stopwatch = Stopwatch.StartNew();
        var acknowledged = await Task.WhenAll(tokens.Select(token => RunUserAsync(token, $"{token.ObjectId} {run}", stats)));
        var loadDuration = stopwatch.Elapsed;

        // Afterwards, every acknowledged write is there, for its owner.
        var missing = 0;
        await Task.WhenAll(tokens.Select(async (token, index) =>
        {
            using var client = _system.CreateFrontClient(token);
            var ids = (await ListAsync(client, $"{token.ObjectId} {run}", stats)).Select(todo => todo.GetProperty("id").GetString()).ToHashSet();
            Interlocked.Add(ref missing, acknowledged[index].Count(id => !ids.Contains(id)));
        }));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Load: {Users} users, {stats.Requests} requests in {loadDuration.TotalSeconds:F1} s under load (+ verification), " +
            $"{stats.Requests / loadDuration.TotalSeconds:F0} req/s; 5xx: {stats.ServerErrors}; other non-2xx: {stats.OtherErrors}; " +
            $"foreign identity or data: {stats.Foreign}; acknowledged writes: {acknowledged.Sum(ids => ids.Count)}, missing afterwards: {missing}.");
        Assert.Equal(0, stats.ServerErrors);
        Assert.Equal(0, stats.OtherErrors);
        Assert.Equal(0, stats.Foreign);
        Assert.Equal(0, missing);
        Assert.Equal(Users * WritesPerUser, acknowledged.Sum(ids => ids.Count));
    }

    /// <summary>One user: a writer and a reader at the same time. Returns the ids of the acknowledged writes.</summary>
    private async Task<IReadOnlyList<string>> RunUserAsync(AccessToken token, string tag, LoadStats stats)
    {
        using var client = _system.CreateFrontClient(token);
        var written = new ConcurrentBag<string>();

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < WritesPerUser; i++)
            {
                using var response = await client.PostAsJsonAsync("/api/todos", new { title = $"{tag} {i}" }, Cancellation);
                if (stats.Count(response) && response.StatusCode == HttpStatusCode.Created)
                {
                    var todo = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
                    stats.CheckOwn(todo.GetProperty("title").GetString()!.StartsWith(tag, StringComparison.Ordinal));
                    written.Add(todo.GetProperty("id").GetString()!);
                }
            }
        });

        var reader = Task.Run(async () =>
        {
            for (var i = 0; i < ReadsPerUser; i++)
            {
                using (var me = await client.GetAsync("/api/me", Cancellation))
                {
                    if (stats.Count(me))
                    {
                        var profile = await me.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
                        stats.CheckOwn(profile.GetProperty("oid").GetString() == token.ObjectId);
                    }
                }

                await ListAsync(client, tag, stats);
            }
        });

        await Task.WhenAll(writer, reader);
        return [.. written];
    }

    private static async Task<JsonElement[]> ListAsync(HttpClient client, string tag, LoadStats stats)
    {
        using var response = await client.GetAsync("/api/todos", Cancellation);
        if (!stats.Count(response))
        {
            return [];
        }

        var todos = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray().ToArray();
        foreach (var todo in todos)
        {
            stats.CheckOwn(todo.GetProperty("title").GetString()!.StartsWith(tag, StringComparison.Ordinal));
        }

        return todos;
    }

    private sealed class LoadStats
    {
        private int _requests;
        private int _serverErrors;
        private int _otherErrors;
        private int _foreign;

        public int Requests => _requests;
        public int ServerErrors => _serverErrors;
        public int OtherErrors => _otherErrors;
        public int Foreign => _foreign;

        /// <returns>True for a success.</returns>
        public bool Count(HttpResponseMessage response)
        {
            Interlocked.Increment(ref _requests);
            if ((int)response.StatusCode >= 500)
            {
                Interlocked.Increment(ref _serverErrors);
            }
            else if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _otherErrors);
            }

            return response.IsSuccessStatusCode;
        }

        public void CheckOwn(bool isOwn)
        {
            if (!isOwn)
            {
                Interlocked.Increment(ref _foreign);
            }
        }
    }
}
