using Hongbao.Silo;
using Microsoft.Extensions.Hosting;

// A standalone silo on the embedded SQLite storage. The usual way to run the engine is the API, which
// co-hosts this same silo (`dotnet run --project src/Api`); this process serves tools and experiments.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering()
    .AddHongbaoEngine(builder.Configuration));
await builder.Build().RunAsync();
