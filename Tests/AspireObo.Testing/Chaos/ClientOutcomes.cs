using System.Collections.Concurrent;
using System.Net;

namespace AspireObo.Testing.Chaos;

/// <summary>
/// What the clients of a <see cref="MixedUserLoad"/> saw: every answer counted by kind, every error kept with whether
/// it carried <c>Retry-After</c>, every acknowledged write, and every answer that held another user's data.
/// </summary>
public sealed class ClientOutcomes
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ClientError> _errors = new();
    private readonly ConcurrentQueue<string> _foreignData = new();

    /// <summary>Todo ids FrontApi answered 201 for, per user number.</summary>
    public ConcurrentDictionary<int, ConcurrentBag<Guid>> AcknowledgedWrites { get; } = new();

    public IReadOnlyDictionary<string, long> Counts => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public IReadOnlyCollection<ClientError> Errors => _errors;

    public IReadOnlyCollection<string> ForeignData => _foreignData;

    public void Succeeded(string operation) => _counts.AddOrUpdate($"{operation} ok", 1, (_, n) => n + 1);

    public void Failed(ClientError error)
    {
        _errors.Enqueue(error);
        _counts.AddOrUpdate($"{error.Operation} {error.Kind}", 1, (_, n) => n + 1);
    }

    public void SawForeignData(string what) => _foreignData.Enqueue(what);

    public void Acknowledged(int user, Guid id) => AcknowledgedWrites.GetOrAdd(user, _ => []).Add(id);

    /// <summary>One line per kind, for the test's output and the soak report.</summary>
    public string Summary() => string.Join(Environment.NewLine, Counts.Select(count => $"  {count.Key}: {count.Value}"));
}

/// <param name="Kind">The status code (<c>503</c>), a profile part's status (<c>part 503</c>) or <c>connection lost</c>.</param>
/// <param name="HasRetryAfter">Whether the answer said when to retry (the header, or a profile part's <c>retryAfterSeconds</c>).</param>
public sealed record ClientError(int User, string Operation, string Kind, HttpStatusCode? Status, bool HasRetryAfter, DateTimeOffset At, string Detail);
