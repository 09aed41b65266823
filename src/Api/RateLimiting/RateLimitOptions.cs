using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.RateLimiting;

/// <summary>
/// Rate limits per endpoint group, bound from "Hongbao:RateLimits": per token subject, or per remote address for
/// callers without a valid token. Each API node counts on its own.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Hongbao:RateLimits";

    /// <summary>Off in load-test profiles, where one client plays thousands of users.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sending envelopes.</summary>
    [Required, ValidateObjectMembers] public RateLimitRule Envelopes { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Reading an envelope: a live view polls it several times a second while a race is on.</summary>
    [Required, ValidateObjectMembers] public RateLimitRule EnvelopeReads { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Paging an envelope's grabs: a live view fetches new pages while a race is on.</summary>
    [Required, ValidateObjectMembers] public RateLimitRule GrabPages { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromSeconds(10) };

    [Required, ValidateObjectMembers] public RateLimitRule Grabs { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromSeconds(10) };

    [Required, ValidateObjectMembers] public RateLimitRule Wallets { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Anonymous callers (dev tokens) are partitioned by remote address.</summary>
    [Required, ValidateObjectMembers] public RateLimitRule DevTokens { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// Every route without a group of its own (the page's files, /docs, /openapi/v1.json, /metrics, the dashboard,
    /// unknown routes): generous, since loading the page alone takes a dozen files.
    /// </summary>
    [Required, ValidateObjectMembers] public RateLimitRule Anonymous { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// /health/*, per remote address and apart from every other budget, so that a flood of other requests from
    /// an address an orchestrator shares (a node's address behind SNAT) never fails its probes.
    /// </summary>
    [Required, ValidateObjectMembers] public RateLimitRule Health { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromSeconds(10) };
}
