using Hongbao.Api.Dashboard;
using Hongbao.Api.Dev;
using Hongbao.Api.Envelopes;
using Hongbao.Api.Health;
using Hongbao.Api.Telemetry;
using Hongbao.Api.Wallets;
using Scalar.AspNetCore;

namespace Hongbao.Api.Hosting;

public static class ApiPipeline
{
    /// <summary>Middleware in order (errors outermost, the page's files before auth, rate limits after the user is known), then every endpoint.</summary>
    public static WebApplication UseHongbaoApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // bare 401/403/404/405/429 become problems with a code
        app.UseWebPage();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("Hongbao API").AddPreferredSecuritySchemes(OpenApi.BearerSecuritySchemeTransformer.SchemeName));
        app.MapHealthApi();
        app.MapTelemetryApi();
        app.MapDashboardApi();
        app.MapDevTokenApi();
        app.MapEnvelopesApi();
        app.MapWalletsApi();
        return app;
    }
}
