using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Harness;

/// <summary>
/// What the before-load hook sees, between warm-up and the measured load: the warm-up's figures (null without a
/// warm-up), the first iteration number the load will hand out, and how long the load is planned to run.
/// </summary>
public sealed record LoadStartContext(ScenarioInitContext Init, ScenarioStats? WarmUp, long NextInvocationNumber, TimeSpan LoadDuration);
