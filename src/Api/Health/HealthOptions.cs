using System.ComponentModel.DataAnnotations;

namespace Hongbao.Api.Health;

/// <summary>How readiness is kept, bound from "Hongbao:Health".</summary>
public sealed class HealthOptions
{
    public const string Section = "Hongbao:Health";

    /// <summary>
    /// How often the engine is probed in the background. <c>/health/ready</c> answers the latest result, so a probe
    /// request costs no grain call and no database read, however many arrive.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")] public TimeSpan ReadinessRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one background probe may take before it counts as unanswered (not ready).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")] public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A result older than this is not trusted: the probing loop itself is stuck, so the node is not ready.</summary>
    public TimeSpan StaleAfter => 2 * (ReadinessRefresh + ReadinessTimeout);
}
