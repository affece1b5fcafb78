namespace EntraEmulator.Diagnostics;

/// <summary>
/// Counters by key for keys that never stop coming (one per incoming token): only the <c>capacity</c> keys seen most
/// recently are kept, so a long load run cannot grow the emulator's memory. A key seen again after it was dropped counts from 1.
/// </summary>
public sealed class BoundedCounters(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Queue<string> _firstSeen = new(); // each key once, oldest first: the next to drop

    public void Increment(string key)
    {
        lock (_lock)
        {
            if (_counts.TryGetValue(key, out var count))
            {
                _counts[key] = count + 1;
                return;
            }

            _counts[key] = 1;
            _firstSeen.Enqueue(key);
            if (_firstSeen.Count > capacity)
            {
                _counts.Remove(_firstSeen.Dequeue());
            }
        }
    }

    public SortedDictionary<string, long> Snapshot()
    {
        lock (_lock)
        {
            return new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);
        }
    }
}
