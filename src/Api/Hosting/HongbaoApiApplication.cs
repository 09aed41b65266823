using Hongbao.Api.Telemetry;

namespace Hongbao.Api.Hosting;

/// <summary>
/// The whole API, composed once: Program runs it, and the load-test tool's <c>--embedded</c> mode starts the same
/// application inside its own process.
/// </summary>
public static class HongbaoApiApplication
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddProfile(args);
        builder.AddHongbaoHosting();
        builder.AddHongbaoTelemetry();
        builder.AddHongbaoApi();

        var app = builder.Build();
        app.UseHongbaoApi();
        return app;
    }
}
