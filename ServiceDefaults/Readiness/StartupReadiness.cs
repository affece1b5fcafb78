using System.Collections.Concurrent;

namespace ServiceDefaults.Readiness;

/// <summary>Which readiness steps are still pending, and why the last attempt of each failed.</summary>
public sealed class StartupReadiness
{
    private readonly ConcurrentDictionary<string, string> _pending = new(StringComparer.Ordinal);

    public bool IsReady => _pending.IsEmpty;

    /// <summary>Pending steps and, for each, what the last attempt said (an exception type, never its message).</summary>
    public IReadOnlyDictionary<string, string> Pending => _pending;

    internal void Expect(string step) => _pending[step] = "not started";

    internal void Failed(string step, Exception exception) => _pending[step] = $"retrying after {exception.GetType().Name}";

    internal void Done(string step) => _pending.TryRemove(step, out _);
}
