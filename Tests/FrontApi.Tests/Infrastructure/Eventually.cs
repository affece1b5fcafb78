namespace FrontApi.Tests.Infrastructure;

/// <summary>Waiting, bounded, for what FrontApi does in the background (readiness, a job's round).</summary>
public static class Eventually
{
    /// <summary>A guard against a hung test, not a speed claim.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Bound);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The first non-null answer of <paramref name="probe"/>, asked every 100 ms.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : struct
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Bound);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
