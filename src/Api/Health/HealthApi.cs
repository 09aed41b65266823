using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hongbao.Api.Health;

public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddHongbaoHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EngineReadiness>();
        services.AddHostedService<EngineReadinessMonitor>();
        services.AddHealthChecks().AddCheck<EngineHealthCheck>("engine", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        // Live: the process serves HTTP; no dependency is asked, so a slow engine never gets the process restarted.
        api.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        api.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
