using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.RateLimiting;

public static class RateLimitPolicies
{
    public const string Envelopes = "envelopes";
    public const string Grabs = "grabs";
    public const string Wallets = "wallets";
    public const string DevTokens = "dev-tokens";

    private const string DisabledPartition = "off";

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
            limiter.AddPolicy(Grabs, context => PerUser(context, o => o.Grabs));
            limiter.AddPolicy(Wallets, context => PerUser(context, o => o.Wallets));
            limiter.AddPolicy(DevTokens, context => PerUser(context, o => o.DevTokens));
        });
        return services;
    }

    // Off (load tests), every request shares one no-op partition: a partition per user would cost a string per
    // request and a heartbeat that walks every user seen (both visible in the grab profile, docs/benchmarks.md).
    private static RateLimitPartition<string> PerUser(HttpContext context, Func<RateLimitOptions, RateLimitRule> ruleOf)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter(DisabledPartition);
        }

        // The subject is validated with the token; anonymous callers share their address's partition.
        var partitionKey = context.User.Identity?.IsAuthenticated == true
            ? "user:" + context.User.Identity.Name
            : "address:" + context.Connection.RemoteIpAddress;
        var rule = ruleOf(options);
        return RateLimitPartition.GetFixedWindowLimiter(partitionKey, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
        });
    }
}
