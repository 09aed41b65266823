using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hongbao.Api.Health;

/// <summary>The latest background probe of the engine: written by <see cref="EngineReadinessMonitor"/>, read per request.</summary>
public sealed class EngineReadiness(TimeProvider time)
{
    private Snapshot latest = new(HealthCheckResult.Unhealthy("The engine has not been probed yet."), time.GetUtcNow());

    public void Record(HealthCheckResult result) => Volatile.Write(ref latest, new Snapshot(result, time.GetUtcNow()));

    /// <summary>The latest result, or unhealthy when it is older than <paramref name="staleAfter"/>.</summary>
    public HealthCheckResult Current(TimeSpan staleAfter)
    {
        var snapshot = Volatile.Read(ref latest);
        return time.GetUtcNow() - snapshot.At > staleAfter
            ? HealthCheckResult.Unhealthy($"The last engine probe is older than {staleAfter}: the probing has stalled.")
            : snapshot.Outcome;
    }

    private sealed record Snapshot(HealthCheckResult Outcome, DateTimeOffset At);
}
