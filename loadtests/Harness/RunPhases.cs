namespace Hongbao.LoadTests.Harness;

/// <summary>
/// Where the scenarios of one run wait for each other: the load starts once every scenario is initialized and
/// warmed up and the servers' figures at its start are read, and clean and audit wait until every scenario's
/// load is over and the figures at its end are read, so the servers' CPU covers the measured load and nothing else.
/// </summary>
internal sealed record RunPhases(Task EveryoneInitialized, Task MeasuringStarted, Task MeasuringEnded);
