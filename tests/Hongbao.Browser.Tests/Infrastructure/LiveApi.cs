using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Hongbao.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Browser.Tests.Infrastructure;

/// <summary>
/// The real API on a real loopback socket (a browser cannot reach an in-memory test server), in embedded development
/// mode on a temporary SQLite file, with the shipped configuration otherwise: the page meets the rate limits a person
/// running <c>dotnet run --project src/Api</c> would.
/// </summary>
public sealed class LiveApi : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private LiveApi(WebApplication app, Uri address, string folder)
    {
        this.app = app;
        this.folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    public static async Task<LiveApi> StartAsync()
    {
        var ports = FreePorts(3);
        var address = new Uri($"http://127.0.0.1:{ports[0]}/");
        var contentRoot = ApiProjectDirectory();
        var folder = Directory.CreateTempSubdirectory("hongbao-browser-tests-").FullName;
        var app = HongbaoApiApplication.Build(
        [
            "--environment", "Development",
            "--contentRoot", contentRoot,
            "--urls", address.GetLeftPart(UriPartial.Authority),
            $"--Hongbao:Storage:Sqlite:Path={Path.Combine(folder, "hongbao.db")}",
            "--Hongbao:Storage:Sqlite:Synchronous=Normal",
            $"--Hongbao:Cluster:SiloPort={ports[1]}",
            $"--Hongbao:Cluster:GatewayPort={ports[2]}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var api = new LiveApi(app, address, folder);
        using var http = api.Client();
        await Eventually.ReturnsAsync(
            async () => (await http.GetAsync("health/ready")).StatusCode,
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "the embedded engine to be ready");
        return api;
    }

    public HttpClient Client() => new() { BaseAddress = Address };

    /// <summary>A token from the page's own source of tokens, POST /dev/token.</summary>
    public async Task<string> TokenAsync(string userId, params string[] roles)
    {
        using var http = Client();
        var response = await http.PostAsJsonAsync("dev/token", new { userId, roles }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>(TestContext.Current.CancellationToken);
        return body!.AccessToken;
    }

    /// <summary>Funds a wallet over HTTP as an admin would, for tests whose subject is not the deposit form.</summary>
    public async Task DepositAsync(string userId, long amountFen)
    {
        using var http = Client();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync("funder", "admin"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"wallets/{userId}/deposits") { Content = JsonContent.Create(new { amount = amountFen }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection: the OS temp cleaner gets it.
        }
    }

    /// <summary>src/Api, where wwwroot and appsettings live, found from the test's output folder upwards.</summary>
    private static string ApiProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Api");
            if (File.Exists(Path.Combine(candidate, "wwwroot", "index.html")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"src/Api/wwwroot/index.html not found above {AppContext.BaseDirectory}");
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private sealed record TokenBody(string AccessToken);
}
