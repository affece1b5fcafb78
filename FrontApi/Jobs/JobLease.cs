namespace FrontApi.Jobs;

/// <summary>
/// One replica's hold on one job while it runs a round: <see cref="Token"/> is new for every lease taken (the process's
/// id and a random part), so a round that outlived its lease — in this process or another — cannot save over the round
/// that the lease's next holder ran (<see cref="JobStore.SaveAsync"/> compares it in Redis).
/// </summary>
public sealed record JobLease(Guid JobId, string Token);
