namespace AspireObo.SystemTests.Infrastructure;

/// <summary>
/// Test classes that start a system of their own to stop parts of it, inject faults or load it: they run one after
/// the other, after the parallel collections, so their load does not distort other tests (or each other) on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedSystems
{
    public const string Name = "Isolated systems";
}
