using Hongbao.Hosting;
using Hongbao.Hosting.Health;
using Hongbao.Hosting.Telemetry;
using Hongbao.Silo;

// A standalone silo. With "Hongbao:Storage:Provider=Postgres" it is a production cluster node (see
// docs/operations.md); on the SQLite default it is a single local silo. The API co-hosts the same silo in
// its embedded mode (`dotnet run --project src/Api`). It serves /health/live and /health/ready for orchestrators,
// and /metrics on the same port to loopback connections.
var builder = WebApplication.CreateBuilder(args);
builder.AddHongbaoDefaults();
builder.AddSiloHealth();
builder.UseOrleans(silo => silo
    .UseHongbaoClustering(builder.Configuration)
    .UseKubernetesHostingWhenInKubernetes()
    .AddHongbaoEngine(builder.Configuration)
    .AddHongbaoTelemetry(builder.Configuration));
var app = builder.Build();
app.MapSiloHealth();
app.MapSiloMetrics();
await app.RunAsync();
