#:project ../../src/Silo/Hongbao.Silo.csproj
#:property TreatWarningsAsErrors=true
#:property PublishAot=false
#:property ServerGarbageCollection=false
// Bytes of managed heap per idle activated envelope and per idle wallet (the memory benchmark
// of docs/benchmarks.md; its target is at most 4 KB per idle activation).
// Usage: dotnet run scripts/memory/activation-memory.cs [count]   (default 10,000 of each)
// It starts one embedded silo on a temporary SQLite file, creates the grains, lets Orleans deactivate them all,
// then activates them again with a read and divides the GC heap growth (after full collections) by the count.
using System.Collections.Immutable;
using Hongbao.Grains.Common;
using Hongbao.Contracts.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Contracts.Envelopes;
using Hongbao.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

var count = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var folder = Directory.CreateTempSubdirectory("hongbao-memory-").FullName;
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Hongbao:Storage:Sqlite:Path"] = Path.Combine(folder, "hongbao.db"),
    ["Hongbao:Cluster:SiloPort"] = FreePort(),
    ["Hongbao:Cluster:GatewayPort"] = FreePort(),
});
builder.UseOrleans(silo => silo.UseHongbaoClustering(builder.Configuration).AddHongbaoEngine(builder.Configuration));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var management = grains.GetGrain<IManagementGrain>(0);

const int senders = 100;
await Parallel.ForAsync(0, senders, async (s, _) => await grains.Wallet($"sender{s}").DepositAsync(count * 10L, "fund"));
var envelopeIds = new string[count];
await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
{
    var spec = new EnvelopeSpec(EnvelopeKind.Lucky, 10, null, 10, "恭喜发财", ImmutableArray<string>.Empty, null);
    envelopeIds[i] = (await grains.Wallet($"sender{i % senders}").CreateEnvelopeAsync(spec, $"create-{i}")).Envelope!.EnvelopeId;
});
await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) => await grains.Wallet($"user{i}").DepositAsync(1, "fund"));

Console.WriteLine($"envelope: {await BytesPerActivationAsync(i => grains.Envelope(envelopeIds[i]).GetDetailsAsync()):N0} bytes per idle activation");
Console.WriteLine($"wallet:   {await BytesPerActivationAsync(i => grains.Wallet($"user{i}").GetBalanceAsync()):N0} bytes per idle activation");
await host.StopAsync();
Directory.Delete(folder, recursive: true);

async Task<long> BytesPerActivationAsync<T>(Func<int, Task<T>> activate)
{
    await management.ForceActivationCollection(TimeSpan.Zero);
    var activationsBefore = await management.GetTotalActivationCount();
    var before = QuietHeap();
    var keep = new T[count];
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) => keep[i] = await activate(i));
    Array.Clear(keep);
    var grown = QuietHeap() - before;
    var activationsAfter = await management.GetTotalActivationCount();
    Console.WriteLine($"activations {activationsBefore:N0} -> {activationsAfter:N0}");
    if (activationsAfter - activationsBefore < count)
    {
        throw new InvalidOperationException("Fewer grains were activated than measured: the idle ones were not all deactivated first.");
    }

    return grown / count;
}

static string FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

static long QuietHeap()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetTotalMemory(forceFullCollection: true);
}
