using System.Diagnostics;
using System.Net.Http.Json;
using AspireObo.Benchmarks.System;
using AspireObo.Testing;
using AspireObo.Testing.Chaos;

namespace AspireObo.Benchmarks.Soak;

/// <summary>
/// <c>--soak [minutes]</c> (30 unless given): the chaos test's mixed load (50 users: writes, reads, <c>/api/profile</c>,
/// and a digest job per user every <see cref="JobEvery"/>) on two FrontApi replicas, with a fault every
/// <see cref="FaultEvery"/> in turn: replica 1 killed (SIGKILL) and started again, Redis stopped for 10 s, the identity
/// platform throttling for 30 s, DownstreamApi restarted. Reports, at the start (after a minute of load) and at the end
/// (a minute after the last fault), replica 0's working set and gen-2 heap, Redis's memory and keys, and the emulator's
/// refresh-token count: the goal is flat.
/// </summary>
public static class SoakBenchmark
{
    private const int Users = 50;
    private static readonly TimeSpan FaultEvery = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan JobEvery = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    public static async Task<string> RunAsync(TimeSpan duration, TextWriter log, CancellationToken cancellationToken)
    {
        await using var system = await RunningSystem.StartAsync(BenchSystems.Fresh(Users, replicas: 2), cancellationToken);
        var users = new List<(int Number, AccessToken Token)>();
        foreach (var number in Enumerable.Range(1, Users))
        {
            users.Add((number, await system.Identity.GetUserTokenAsync(LoadTestUsers.User(number), cancellationToken)));
        }

        await using var replicas = new ReplicaProcesses(system.App, "front");
        var load = new MixedUserLoad(system.FrontReplicas, users, pause: TimeSpan.FromSeconds(1));
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = load.RunAsync(stopLoad.Token);
        var clock = Stopwatch.StartNew();
        var jobs = 0;
        var nextJobs = TimeSpan.Zero;

        async Task StartJobsWhenDueAsync()
        {
            if (clock.Elapsed < nextJobs)
            {
                return;
            }

            nextJobs += JobEvery;
            foreach (var (number, token) in users)
            {
                using var front = system.CreateFrontClient(token);
                using var started = await front.PostAsJsonAsync("/api/todos/digest", new { rounds = 3, intervalSeconds = 30 }, cancellationToken);
                jobs += started.IsSuccessStatusCode ? 1 : 0;
            }
        }

        await StartJobsWhenDueAsync();
        await Task.Delay(Settle, cancellationToken);
        var start = await SoakSample.TakeAsync(system, await ServerOfReplicaZeroAsync(replicas, system, cancellationToken), cancellationToken);
        log.WriteLine($"{clock.Elapsed:mm\\:ss} start: {start}");

        var faults = new (string Name, Func<Task> Run)[]
        {
            ("SIGKILL replica 1, start it again", async () =>
            {
                var killed = await replicas.KillAsync(system.FrontReplicas[1], cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                await replicas.StartAsync(killed, TimeSpan.FromMinutes(2), cancellationToken);
            }),
            ("Redis stopped for 10 s", async () =>
            {
                await system.StopAsync("cache", cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                await system.StartAsync("cache", cancellationToken);
            }),
            ("identity platform throttling for 30 s", async () =>
            {
                using (var response = await system.Identity.Http.PutAsJsonAsync("_emulator/faults", new { statusCode = 429, retryAfterSeconds = 30 }, cancellationToken))
                {
                    response.EnsureSuccessStatusCode();
                }

                await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                using var healed = await system.Identity.Http.DeleteAsync("_emulator/faults", cancellationToken);
                healed.EnsureSuccessStatusCode();
            }),
            ("DownstreamApi restarted", () => system.RestartAsync("downstream", cancellationToken)),
        };

        var lastFaultBy = duration - Settle;
        for (var next = 0; clock.Elapsed + FaultEvery < lastFaultBy; next++)
        {
            var due = clock.Elapsed + FaultEvery;
            while (clock.Elapsed < due)
            {
                await StartJobsWhenDueAsync();
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            }

            var fault = faults[next % faults.Length];
            log.WriteLine($"{clock.Elapsed:mm\\:ss} fault: {fault.Name}");
            await fault.Run();
        }

        while (clock.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        var end = await SoakSample.TakeAsync(system, await ServerOfReplicaZeroAsync(replicas, system, cancellationToken), cancellationToken);
        log.WriteLine($"{clock.Elapsed:mm\\:ss} end: {end}");
        await stopLoad.CancelAsync();
        await running;

        return string.Join(Environment.NewLine,
            $"Soak: {clock.Elapsed.TotalMinutes:F0} min, {Users} users, {jobs} digest jobs started, a fault every {FaultEvery.TotalMinutes:F0} min; client answers by kind:",
            load.Outcomes.Summary(),
            "",
            "| measure | start (after 1 min) | end | change |",
            "| --- | ---: | ---: | ---: |",
            Row("FrontApi replica 0 working set (MB)", start.FrontWorkingSetBytes, end.FrontWorkingSetBytes, 1 << 20),
            Row("FrontApi replica 0 gen-2 heap (MB)", start.FrontGen2HeapBytes, end.FrontGen2HeapBytes, 1 << 20),
            Row("Redis used memory (MB)", start.RedisUsedMemoryBytes, end.RedisUsedMemoryBytes, 1 << 20),
            Row("Redis keys", start.RedisKeys, end.RedisKeys, 1),
            Row("Emulator refresh tokens held", start.EmulatorRefreshTokens, end.EmulatorRefreshTokens, 1));
    }

    private static async Task<int> ServerOfReplicaZeroAsync(ReplicaProcesses replicas, RunningSystem system, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return replicas.ServerProcessId(system.FrontReplicas[0]);
            }
            catch (InvalidOperationException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken); // Aspire's snapshot not seen yet
            }
        }
    }

    private static string Row(string name, long? start, long? end, double unit) =>
        $"| {name} | {Format(start, unit)} | {Format(end, unit)} | {(start is { } s && end is { } e && s != 0 ? $"{(e - s) * 100.0 / s:+0;-0}%" : "—")} |";

    private static string Format(long? value, double unit) => value is { } v ? (unit == 1 ? $"{v:N0}" : $"{v / unit:N1}") : "n/a";
}
