namespace Hongbao.LoadTests.Harness;

/// <summary>Entry point with NBomber's shape: <c>Scenario.Create("name", async ctx => ...)</c>.</summary>
public static class Scenario
{
    public static ScenarioProps Create(string name, Func<IScenarioContext, Task<IResponse>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        return new ScenarioProps(name, run);
    }
}
