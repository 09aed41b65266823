using Hongbao.Silo;
using Hongbao.Silo.Telemetry;
using Microsoft.Extensions.Hosting;

// A standalone silo. With "Hongbao:Storage:Provider=Postgres" it is a production cluster node (see
// docs/operations.md); on the SQLite default it is a single local silo. The API co-hosts the same silo in
// its embedded mode (`dotnet run --project src/Api`).
var builder = Host.CreateApplicationBuilder(args);
builder.AddHongbaoDefaults();
builder.UseOrleans(silo => silo
    .UseHongbaoClustering(builder.Configuration)
    .AddHongbaoEngine(builder.Configuration)
    .AddHongbaoTelemetry(builder.Configuration));
await builder.Build().RunAsync();
