namespace FrontApi.Jobs;

/// <summary>This FrontApi process as a job worker: an opaque random id, the owner of the leases it takes.</summary>
public sealed class JobWorkerIdentity
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];
}
