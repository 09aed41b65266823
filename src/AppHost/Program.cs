using System.Globalization;
using Hongbao.AppHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

// The production-shaped cluster on one machine, without containers: a throwaway PostgreSQL, 3 silos and 2 API
// nodes, every process sending traces, metrics and logs to the Aspire dashboard (docs/operations.md).
var builder = DistributedApplication.CreateBuilder(args);
var shape = builder.Configuration.GetSection("Hongbao:AppHost");
var siloCount = shape.GetValue("Silos", 3);
var apiCount = shape.GetValue("Apis", 2);
var apiPortBase = shape.GetValue("ApiPortBase", 5090);

using var database = await LocalPostgres.PrepareAsync();
var (command, arguments) = database.ServerCommand;
builder.Services.AddHealthChecks().AddAsyncCheck("postgres-accepts-connections", async cancellationToken =>
{
    try
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
    catch (NpgsqlException error)
    {
        return HealthCheckResult.Unhealthy("PostgreSQL is not accepting connections yet.", error);
    }
});
var postgres = builder.AddExecutable("postgres", command, database.Root, arguments)
    .WithHealthCheck("postgres-accepts-connections");

// Secrets as parameters: the signing key is generated per run unless Parameters:signing-key is set.
var connectionString = builder.AddParameter("postgres-connection-string", database.ConnectionString, secret: true);
var signingKey = builder.AddParameter("signing-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true);

IResourceBuilder<T> InCluster<T>(IResourceBuilder<T> node) where T : IResourceWithEnvironment => node
    .WithEnvironment("Hongbao__Storage__Provider", "Postgres")
    .WithEnvironment("Hongbao__Storage__Postgres__ConnectionString", connectionString)
    .WithEnvironment("Hongbao__Cluster__ServiceId", "hongbao-apphost")
    .WithEnvironment("Hongbao__Cluster__ClusterId", "hongbao-apphost");

var silos = new List<IResourceBuilder<ProjectResource>>();
for (var i = 0; i < siloCount; i++)
{
    silos.Add(InCluster(builder.AddProject<Projects.Hongbao_Silo>($"silo-{i}"))
        .WithEnvironment("Hongbao__Cluster__SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture))
        .WithEnvironment("Hongbao__Cluster__GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture))
        .WithHttpEndpoint(name: "http")
        .WithHttpHealthCheck("/health/ready")
        .WaitFor(postgres));
}

for (var i = 0; i < apiCount; i++)
{
    var api = InCluster(builder.AddProject<Projects.Hongbao_Api>($"api-{i}", launchProfileName: null))
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
        .WithEnvironment("Hongbao__Hosting__Mode", "Cluster")
        .WithEnvironment("Hongbao__Auth__SigningKey", signingKey)
        .WithEnvironment("Hongbao__Auth__DevTokensInCluster", "true")
        .WithHttpEndpoint(port: apiPortBase + i, name: "http")
        .WithHttpHealthCheck("/health/ready");
    foreach (var silo in silos)
    {
        api.WaitFor(silo);
    }
}

await builder.Build().RunAsync();
