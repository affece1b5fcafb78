namespace EntraEmulator.Tests.Infrastructure;

/// <summary>System time plus an offset the test moves forward (expiry without waiting).</summary>
public sealed class AdjustableTimeProvider : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}
