using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Health;

/// <summary>
/// Ready when the latest background probe (<see cref="EngineReadinessMonitor"/>) found the engine and its storage
/// answering. It makes no call of its own: readiness is a result, not a request to the engine.
/// </summary>
public sealed class EngineHealthCheck(EngineReadiness readiness, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.Current(options.Value.StaleAfter));
}
