using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.RateLimiting;

public static class RateLimitPolicies
{
    public const string Envelopes = "envelopes";
    public const string EnvelopeReads = "envelope-reads";
    public const string GrabPages = "grab-pages";
    public const string Grabs = "grabs";
    public const string Wallets = "wallets";
    public const string DevTokens = "dev-tokens";

    private const string DisabledPartition = "off";
    private const string HealthPath = "/health";

    public static IServiceCollection AddHongbaoRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The body is the status-code problem (code rate_limited); only the header is ours to add.
            limiter.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(Envelopes, context => PerUser(context, o => o.Envelopes));
            limiter.AddPolicy(EnvelopeReads, context => PerUser(context, o => o.EnvelopeReads));
            limiter.AddPolicy(GrabPages, context => PerUser(context, o => o.GrabPages));
            limiter.AddPolicy(Grabs, context => PerUser(context, o => o.Grabs));
            limiter.AddPolicy(Wallets, context => PerUser(context, o => o.Wallets));
            limiter.AddPolicy(DevTokens, context => PerUser(context, o => o.DevTokens));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(OutsideTheGroups);
        });
        return services;
    }

    /// <summary>
    /// The routes no group covers (files, docs, metrics, health, unknown routes) would otherwise be unlimited; routes
    /// in a group pay only their group's budget.
    /// </summary>
    private static RateLimitPartition<string> OutsideTheGroups(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
        {
            return RateLimitPartition.GetNoLimiter(DisabledPartition);
        }

        return context.Request.Path.StartsWithSegments(HealthPath, StringComparison.OrdinalIgnoreCase)
            ? Partition(context, static context => "health:address:" + context.Connection.RemoteIpAddress, o => o.Health)
            : PerUser(context, o => o.Anonymous);
    }

    // The subject is validated with the token; callers without a valid one share their address's partition.
    private static RateLimitPartition<string> PerUser(HttpContext context, Func<RateLimitOptions, RateLimitRule> ruleOf) =>
        Partition(context, static context => context.User.Identity?.IsAuthenticated == true
            ? "user:" + context.User.Identity.Name
            : "address:" + context.Connection.RemoteIpAddress, ruleOf);

    // Off (load tests), every request shares one no-op partition, and no key is made: a partition per user would
    // cost a string per request and a heartbeat that walks every user seen (both visible in the grab profile,
    // docs/benchmarks.md).
    private static RateLimitPartition<string> Partition(HttpContext context, Func<HttpContext, string> keyOf, Func<RateLimitOptions, RateLimitRule> ruleOf)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter(DisabledPartition);
        }

        var rule = ruleOf(options);
        return RateLimitPartition.GetFixedWindowLimiter(keyOf(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
        });
    }
}
