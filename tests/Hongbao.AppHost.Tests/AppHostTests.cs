using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace Hongbao.AppHost.Tests;

/// <summary>
/// The whole AppHost graph (src/AppHost): PostgreSQL from the installed binaries, 3 silos, 2 API nodes, started as
/// `dotnet run --project src/AppHost` starts them. An envelope created through one API node is grabbed through the
/// other until it settles, and the money adds up. It starts six processes and takes minutes on two cores, so it
/// runs only when asked (scripts/apphost-test.sh), not in `dotnet test`.
/// </summary>
[Trait("Category", "AppHost")]
public sealed class AppHostTests(ITestOutputHelper output)
{
    private const long Deposit = 10_000;
    private const long Total = 1_000;
    private const int Shares = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact(Explicit = true)]
    public async Task The_graph_starts_and_an_envelope_created_on_one_node_is_grabbed_on_the_other_until_settled()
    {
        using var timeout = new CancellationTokenSource(StartTimeout + SettleTimeout);
        var started = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Hongbao_AppHost>(
            ["--DcpPublisher:RandomizePorts=true"],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await Task.WhenAll(
            app.ResourceNotifications.WaitForResourceHealthyAsync("api-0", timeout.Token),
            app.ResourceNotifications.WaitForResourceHealthyAsync("api-1", timeout.Token));
        output.WriteLine($"start to ready (PostgreSQL, 3 silos, 2 API nodes healthy): {started.Elapsed.TotalSeconds:F1} s");

        using var creator = app.CreateHttpClient("api-0", "http");
        using var grabber = app.CreateHttpClient("api-1", "http");
        var admin = await TokenAsync(creator, "admin", admin: true);
        var sender = await TokenAsync(creator, "sender");
        await SendAsync(creator, HttpMethod.Post, "/wallets/sender/deposits", admin, new { amount = Deposit }, idempotent: true);
        var envelope = await SendAsync(creator, HttpMethod.Post, "/envelopes", sender, new { kind = "lucky", totalAmount = Total, shares = Shares }, idempotent: true);
        var envelopeId = envelope.GetProperty("id").GetString()!;

        var users = Enumerable.Range(0, Shares).Select(i => $"grabber{i}").ToList();
        var grabbed = new Dictionary<string, long>();
        foreach (var user in users)
        {
            var grab = await SendAsync(grabber, HttpMethod.Post, $"/envelopes/{envelopeId}/grabs", await TokenAsync(grabber, user));
            grabbed[user] = grab.GetProperty("amount").GetInt64();
        }

        var settled = await Eventually.ReturnsAsync(
            () => SendAsync(grabber, HttpMethod.Get, $"/envelopes/{envelopeId}", sender),
            e => e.GetProperty("status").GetString() == "settled",
            SettleTimeout,
            "the envelope to settle");
        Assert.Equal(0, settled.GetProperty("remainingShares").GetInt32());
        Assert.Equal(Total, grabbed.Values.Sum());

        // Money conservation: what was deposited is now in the sender's and the grabbers' wallets, each grabber
        // holding exactly the share it was told.
        var balances = new Dictionary<string, long>();
        foreach (var user in users.Append("sender"))
        {
            balances[user] = (await SendAsync(creator, HttpMethod.Get, $"/wallets/{user}", admin)).GetProperty("balance").GetInt64();
        }

        Assert.Equal(Deposit, balances.Values.Sum());
        Assert.All(users, user => Assert.Equal(grabbed[user], balances[user]));
        Assert.Equal(Deposit - Total, balances["sender"]);
        output.WriteLine($"start to settled: {started.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<string> TokenAsync(HttpClient api, string userId, bool admin = false)
    {
        using var response = await api.PostAsJsonAsync("/dev/token", new { userId, roles = admin ? new[] { "admin" } : [] });
        return (await ReadAsync(response, "POST /dev/token")).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> SendAsync(HttpClient api, HttpMethod method, string path, string token, object? body = null, bool idempotent = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotent)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        }

        using var response = await api.SendAsync(request);
        return await ReadAsync(response, $"{method} {path}");
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{what} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
