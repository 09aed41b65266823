namespace Hongbao.LoadTests.Harness;

/// <summary>Who is running this iteration: the scenario and the virtual-user slot (below the in-flight cap).</summary>
public sealed record ScenarioInfo(string ScenarioName, int ThreadNumber);
