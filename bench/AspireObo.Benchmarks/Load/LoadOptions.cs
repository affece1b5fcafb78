namespace AspireObo.Benchmarks.Load;

/// <summary>The load benchmark's fixed parameters (stated next to the results).</summary>
public sealed record LoadOptions
{
    /// <summary>Distinct users, each with one user token (as a client reuses its token until it expires).</summary>
    public int Users { get; init; } = 32;

    /// <summary>Connections sending requests back to back (closed loop).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>
    /// Warm-up per scenario before the first round (not measured): long enough for the No-cache path (the emulator's
    /// token endpoint, FrontApi's cache writes) to be jitted and tiered up, which takes longest on a loaded machine.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Measured time per scenario per round; scenarios take turns so a noisy machine affects them alike.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int Rounds { get; init; } = 3;

    /// <summary>"Second replica": fresh user tokens each used once on the second replica after the first cached them.</summary>
    public int SecondReplicaTokens { get; init; } = 1200;

    /// <summary>The full scenarios in one short round (≈ 4 min of load): for a machine shared with other work.</summary>
    public static LoadOptions OneRound => new()
    {
        WarmUp = TimeSpan.FromSeconds(5),
        Rounds = 1,
        SecondReplicaTokens = 600,
    };

    public static LoadOptions Quick => new()
    {
        WarmUp = TimeSpan.FromSeconds(1),
        Duration = TimeSpan.FromSeconds(2),
        Rounds = 1,
        SecondReplicaTokens = 100,
    };
}
