using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Harness;

public sealed record ScenarioResult(ScenarioStats Stats, AuditResult? Audit);
