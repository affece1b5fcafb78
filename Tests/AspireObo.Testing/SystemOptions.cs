using Aspire.Hosting.Testing;

namespace AspireObo.Testing;

/// <summary>How a test or the benchmark wants the system started.</summary>
public sealed record SystemOptions
{
    public int FrontReplicas { get; init; } = 1;

    /// <summary>Numbered users the emulator adds to its directory (<see cref="Testing.LoadTestUsers"/>).</summary>
    public int LoadTestUsers { get; init; }

    /// <summary>
    /// The Aspire dashboard, whose API serves the services' traces and logs. With it on, the services' OTLP exporters
    /// have somewhere to send, so they stop in under a second instead of blocking ~10 s on a final flush; the
    /// benchmark turns it off so that exporting telemetry does not compete with the load it measures.
    /// </summary>
    public bool EnableDashboard { get; init; } = true;

    /// <summary>How long one call to the emulator may take (the benchmark's calls run beside heavy load).</summary>
    public TimeSpan EmulatorTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra AppHost arguments (<c>--Key=value</c>), e.g. to change a resource's configuration.</summary>
    public IReadOnlyList<string> AppHostArguments { get; init; } = [];

    /// <summary>
    /// Resources the test expects never to become healthy (e.g. APIs bound to an authority this machine cannot reach):
    /// the start does not wait for them, and the test checks their state and why itself. Keep it small and explicit.
    /// </summary>
    public IReadOnlySet<string> NotExpectedHealthy { get; init; } = new HashSet<string>();

    /// <summary>Changes to (or checks of) the AppHost's model before it starts, e.g. extra environment variables on a resource.</summary>
    public Action<IDistributedApplicationTestingBuilder>? ConfigureAppHost { get; init; }
}
