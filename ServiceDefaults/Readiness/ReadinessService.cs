using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Readiness;

/// <summary>
/// Runs every <see cref="IReadinessStep"/> at startup, concurrently, each retried with a growing delay until it
/// succeeds; <see cref="ReadinessHealthCheck"/> reports healthy once all are done. Off the request path: requests that
/// arrive earlier are served as usual (and do the work themselves).
/// </summary>
public sealed partial class ReadinessService(
    IEnumerable<IReadinessStep> steps,
    StartupReadiness readiness,
    ILogger<ReadinessService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<IReadinessStep> _steps = [.. steps];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            readiness.Expect(step.Name);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_steps.Select(step => RunUntilDoneAsync(step, stoppingToken)));

    private async Task RunUntilDoneAsync(IReadinessStep step, CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        var started = TimeProvider.System.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step.RunAsync(stoppingToken);
                readiness.Done(step.Name);
                LogReady(step.Name, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                readiness.Failed(step.Name, exception);
                LogNotReady(step.Name, exception.GetType().Name, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready: {Step} ({ElapsedMilliseconds:0} ms after start)")]
    private partial void LogReady(string step, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Step} failed ({ExceptionType}); retrying in {DelayMilliseconds:0} ms")]
    private partial void LogNotReady(string step, string exceptionType, double delayMilliseconds);
}
