namespace ServiceDefaults.Readiness;

/// <summary>
/// Something a service does before it reports healthy, so that its first request is as fast as its hundredth
/// (fetch the authority's metadata, connect Redis...). Run once at startup, retried until it succeeds.
/// </summary>
public interface IReadinessStep
{
    /// <summary>What is awaited, as the health endpoint names it while it is not done.</summary>
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
