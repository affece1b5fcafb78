namespace EntraEmulator.Diagnostics;

/// <summary>Counts every token request in <see cref="EmulatorStats"/>, before anything can fail or be faulted.</summary>
public sealed class CountTokenRequestsFilter(EmulatorStats stats) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        stats.TokenRequested();
        return next(context);
    }
}
