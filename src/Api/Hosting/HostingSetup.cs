using System.ComponentModel.DataAnnotations;
using Hongbao.Api.Cluster;
using Hongbao.Hosting;

namespace Hongbao.Api.Hosting;

public static class HostingSetup
{
    /// <summary>
    /// Co-hosts the engine (Embedded) or connects to a cluster (Cluster), and sets the listening URL and Kestrel limits.
    /// The mode decides which services exist,
    /// so it is read and validated here, before the host is built.
    /// </summary>
    public static WebApplicationBuilder AddHongbaoHosting(this WebApplicationBuilder builder)
    {
        var hosting = ReadValidated(builder.Configuration);
        // A default in appsettings "urls" would outrank ASPNETCORE_URLS, so the default applies only when nothing is set.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(hosting.DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = hosting.RequestBodyBytesMax;
            kestrel.Limits.MaxRequestHeadersTotalSize = hosting.RequestHeadersBytesMax;
        });

        if (hosting.Mode == HostingMode.Embedded)
        {
            builder.UseOrleans(silo => silo
                .UseHongbaoClustering(builder.Configuration)
                .AddHongbaoEngine(builder.Configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client.UseHongbaoCluster(builder.Configuration).FailCallsInFlightOnGatewayLoss());
        }

        builder.Services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    public static HostingOptions Hosting(this IConfiguration configuration) =>
        configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();

    private static HostingOptions ReadValidated(IConfiguration configuration)
    {
        var hosting = configuration.Hosting();
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(hosting, new ValidationContext(hosting), errors, validateAllProperties: true))
        {
            throw new InvalidOperationException(
                $"Invalid {HostingOptions.Section} configuration: " + string.Join(" ", errors.Select(e => e.ErrorMessage)));
        }

        return hosting;
    }
}
