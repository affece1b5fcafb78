using System.Diagnostics;
using FrontApi.Jobs;
using Microsoft.Extensions.Logging;

namespace FrontApi.Tests.Jobs;

/// <summary>
/// MSAL looks a partition up in its in-memory cache after the token cache's read callback has returned, outside its cache
/// lock. A token-endpoint answer for another user written at that moment leaves only its own partition in memory
/// (<c>ResidentPartitionTokenCache</c>, before a write), so the round's lookup finds no session and MSAL answers
/// <c>OboCacheKeyNotInCacheError</c> — although the session is intact in Redis. The job must not tell its user to sign in
/// again for that. The interleaving is made exact, not left to chance: the round's thread is held at MSAL's own log line
/// "Released cache semaphore" (between the read and the lookup) while another user's request exchanges and writes.
/// Real Identity.Web, MSAL and Redis; a stand-in token endpoint.
/// </summary>
public sealed class SessionLookupRaceTests(JobsRedis redis) : JobsTestClass(redis)
{
    [Fact]
    public async Task A_session_hidden_by_another_users_write_during_its_lookup_is_read_again_and_the_job_succeeds()
    {
        var interleave = new WriteDuringSessionLookup();
        using var host = DigestJobsClient.Host(Redis, realTokenAcquisition: true, logging: logging =>
        {
            logging.AddFilter<WriteDuringSessionLookup>("Microsoft.Identity", LogLevel.Trace);
            logging.AddProvider(interleave);
        });
        await host.WaitUntilReadyAsync();
        using var caller = host.ClientWith(host.UserTokens.For("race-" + Guid.NewGuid().ToString("N")[..8]));
        using var otherUser = host.ClientWith(host.UserTokens.For("other-" + Guid.NewGuid().ToString("N")[..8]));
        var jobId = await DigestJobsClient.StartAsync(caller, rounds: 2, intervalSeconds: 2);
        await DigestJobsClient.WaitForAsync(caller, jobId, view => view.GetProperty("digests").GetArrayLength() == 1);

        // The second round's session lookup: another user's first request (an On-Behalf-Of exchange, a write) runs in between.
        interleave.Arm(async () =>
        {
            using var response = await otherUser.GetAsync("/api/todos", Cancellation);
            Assert.True(response.IsSuccessStatusCode, $"the other user's request: {(int)response.StatusCode}");
        });

        var done = await DigestJobsClient.WaitForAsync(caller, jobId, view => view.Status() is not "Running" and not "Pending");
        Assert.True(interleave.Happened, "The round's session lookup was never interleaved with another user's write.");
        Assert.True(done.Status() == "Succeeded", $"The job ended {done.Status()} ({done.GetProperty("error")}): {done.GetProperty("detail")}");
        Assert.Equal(2, done.GetProperty("digests").GetArrayLength());
    }

    /// <summary>
    /// Holds a digest round's thread at MSAL's "Released cache semaphore" (its cache read done, its lookup not yet) while
    /// <see cref="Arm"/>'s action runs, once.
    /// </summary>
    private sealed class WriteDuringSessionLookup : ILoggerProvider, ILogger
    {
        private Func<Task>? _armed;

        public bool Happened { get; private set; }

        public void Arm(Func<Task> whileHeld) => Volatile.Write(ref _armed, whileHeld);

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Volatile.Read(ref _armed) is null || !InDigestRound() || !formatter(state, exception).Contains("Released cache semaphore", StringComparison.Ordinal))
            {
                return;
            }

            if (Interlocked.Exchange(ref _armed, null) is { } whileHeld)
            {
                Task.Run(whileHeld).GetAwaiter().GetResult(); // this thread, the round's, waits: the lookup comes after
                Happened = true;
            }
        }

        private static bool InDigestRound()
        {
            for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
            {
                if (activity.OperationName == JobsTelemetry.RoundSpanName)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
