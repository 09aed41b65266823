using System.ComponentModel.DataAnnotations;

namespace Hongbao.Api.RateLimiting;

/// <summary>A fixed window per user: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed class RateLimitRule
{
    [Range(1, 10_000_000)] public int PermitLimit { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}
