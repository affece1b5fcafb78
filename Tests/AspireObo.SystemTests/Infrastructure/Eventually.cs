using System.Diagnostics;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>Polling for what arrives asynchronously (exported telemetry), with a deadline instead of a fixed sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> ReadAsync<T>(
        Func<CancellationToken, Task<T>> read, Func<T, bool> isComplete, TimeSpan timeout, Func<T, string> describe, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var value = await read(cancellationToken);
            if (isComplete(value))
            {
                return value;
            }

            if (elapsed.Elapsed > timeout)
            {
                Assert.Fail($"Still incomplete after {timeout}: {describe(value)}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
