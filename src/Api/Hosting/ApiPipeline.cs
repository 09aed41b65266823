using Hongbao.Api.Dashboard;
using Hongbao.Api.Dev;
using Hongbao.Api.Envelopes;
using Hongbao.Api.Health;
using Hongbao.Api.Telemetry;
using Hongbao.Api.Wallets;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Hongbao.Api.Hosting;

public static class ApiPipeline
{
    /// <summary>
    /// Middleware in order (errors outermost; rate limits once the user is known but before anything is refused or
    /// served, so that 401, 403 and the page's files are limited too), then every endpoint.
    /// </summary>
    public static WebApplication UseHongbaoApi(this WebApplication app)
    {
        app.UseBrowserHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // bare 401/403/404/405/429 become problems with a code
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseWebPage();
        app.UseAuthorization();

        if (app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.ApiDocs ?? app.Environment.IsDevelopment())
        {
            app.MapOpenApi();
            app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("Hongbao API").AddPreferredSecuritySchemes(OpenApi.BearerSecuritySchemeTransformer.SchemeName));
        }

        app.MapHealthApi();
        app.MapTelemetryApi();
        app.MapDashboardApi();
        app.MapDevTokenApi();
        app.MapEnvelopesApi();
        app.MapWalletsApi();
        return app;
    }
}
