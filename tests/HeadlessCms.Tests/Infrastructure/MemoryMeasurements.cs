namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// Tests that measure the process's managed heap (GC.GetTotalMemory) run in this collection: alone, after the parallel
/// ones, so the fixtures and requests of other tests do not count as theirs. Measured in parallel, a test that retains
/// a few MB once read 76 MB, because web applications were starting beside it.
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;
