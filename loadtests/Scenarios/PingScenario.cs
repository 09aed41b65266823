using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios.Api;

namespace Hongbao.LoadTests.Scenarios;

/// <summary>
/// <c>GET /health/live</c> and nothing else: the harness's own ceiling, to compare with wrk on the same endpoint.
/// Moves no money, so it has no audit.
/// </summary>
public static class PingScenario
{
    public const string Name = "ping";

    public static ScenarioProps Create(HongbaoTarget target) =>
        Scenario.Create(Name, async ctx =>
            await Step.Run("ping", ctx, async () => (await target.Api.PingAsync(ctx.CancellationToken)).ToResponse()));
}
