using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.RateLimiting;

/// <summary>Per-user rate limits per endpoint group, bound from "Hongbao:RateLimits".</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Hongbao:RateLimits";

    /// <summary>Off in load-test profiles, where one client plays thousands of users.</summary>
    public bool Enabled { get; set; } = true;

    [Required, ValidateObjectMembers] public RateLimitRule Envelopes { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromSeconds(10) };

    [Required, ValidateObjectMembers] public RateLimitRule Grabs { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromSeconds(10) };

    [Required, ValidateObjectMembers] public RateLimitRule Wallets { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Anonymous callers (dev tokens) are partitioned by remote address.</summary>
    [Required, ValidateObjectMembers] public RateLimitRule DevTokens { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromSeconds(10) };
}
