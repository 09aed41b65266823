using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hongbao.LoadTests.Scenarios.Api;

namespace Hongbao.LoadTests.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for the hongbao HTTP API (docs/api.md), just enough for the scenarios and the audit.
/// Settlement is instant. The fault switches make it break the money rules on purpose.
/// </summary>
internal sealed class FakeHongbaoServer : HttpMessageHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> balances = [];
    private readonly Dictionary<string, Envelope> envelopes = [];
    private readonly Dictionary<string, object> idempotent = [];
    private int nextEnvelope;

    /// <summary>Fault: a repeat grab grants a second share instead of returning the first.</summary>
    public bool GrantsSecondShare { get; set; }

    /// <summary>Fault: grab credits never reach the wallet although the envelope reports settled.</summary>
    public bool LosesCredits { get; set; }

    /// <summary>Fault: a user's first grab is applied, but the answer is lost: <c>503 overloaded</c> with <c>Retry-After: 0</c>.</summary>
    public bool LosesFirstGrabAnswer { get; set; }

    /// <summary>Service time of every grab, so a rate is set by the server and not by how busy the test machine is.</summary>
    public TimeSpan GrabServiceTime { get; set; }

    /// <summary>The paths the fake's handler sees; requests reach it over real HTTP through <see cref="FakeServerHost"/>.</summary>
    public static Uri BaseAddress { get; } = new("http://fake.invalid/");

    /// <summary>The load tool's HTTP API, talking to this fake over loopback HTTP with the tool's own client.</summary>
    public async Task<HttpHongbaoApi> CreateApiAsync() =>
        new(HttpHongbaoApi.CreateClient(), new TargetRotation([await FakeServerHost.RegisterAsync(this)]));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        var user = request.Headers.Authorization?.Parameter?.Split(':')[0];
        var key = request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null;
        var body = request.Content is null ? default : await request.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (GrabServiceTime > TimeSpan.Zero && path is ["envelopes", _, "grabs"])
        {
            await Task.Delay(GrabServiceTime, cancellationToken);
        }

        lock (gate)
        {
            return (request.Method.Method, path) switch
            {
                ("POST", ["dev", "token"]) => Ok(200, new TokenView($"{body.GetProperty("userId").GetString()}:token", "Bearer", 3600)),
                ("POST", ["wallets", var id, "deposits"]) => Replay(key!, () => Deposit(id, body.GetProperty("amount").GetInt64())),
                ("GET", ["wallets", "me"]) => Ok(200, new WalletView(user!, balances.GetValueOrDefault(user!))),
                ("GET", ["wallets", "me", "ledger"]) => Ok(200, new LedgerPage([], null)),
                ("GET", ["wallets", var id]) => Ok(200, new WalletView(id, balances.GetValueOrDefault(id))),
                ("POST", ["envelopes"]) => Replay(key!, () => Create(user!, body)),
                ("POST", ["envelopes", var id, "grabs"]) => Grab(id, user!),
                ("GET", ["envelopes", var id]) => envelopes.TryGetValue(id, out var envelope) ? Ok(200, envelope.View()) : Problem(404, "envelope_not_found"),
                _ => Problem(404, "not_found"),
            };
        }
    }

    private HttpResponseMessage Replay(string key, Func<(int Status, object Value)> apply)
    {
        if (idempotent.TryGetValue(key, out var earlier))
        {
            return Ok(200, earlier);
        }

        var (status, value) = apply();
        if (status is >= 200 and < 300)
        {
            idempotent[key] = value;
        }

        return status is >= 200 and < 300 ? Ok(status, value) : Problem(status, (string)value);
    }

    private (int, object) Deposit(string userId, long amount)
    {
        balances[userId] = balances.GetValueOrDefault(userId) + amount;
        return (201, new WalletView(userId, balances[userId]));
    }

    private (int, object) Create(string sender, JsonElement body)
    {
        var total = body.GetProperty("totalAmount").GetInt64();
        if (balances.GetValueOrDefault(sender) < total)
        {
            return (409, WireNames.InsufficientFunds);
        }

        balances[sender] -= total;
        var envelope = new Envelope($"e{++nextEnvelope}", sender, total, body.GetProperty("shares").GetInt32());
        envelopes[envelope.Id] = envelope;
        return (201, envelope.View());
    }

    private HttpResponseMessage Grab(string id, string user)
    {
        if (!envelopes.TryGetValue(id, out var envelope))
        {
            return Problem(404, "envelope_not_found");
        }

        var earlier = envelope.Grabs.FirstOrDefault(g => g.UserId == user);
        if (earlier is not null && !GrantsSecondShare)
        {
            return Ok(200, new GrabView(id, user, earlier.Amount, WireNames.AlreadyGrabbed, earlier.GrabbedAt));
        }

        var sharesLeft = envelope.Shares - envelope.Grabs.Count;
        if (sharesLeft == 0)
        {
            return Problem(409, WireNames.EnvelopeExhausted);
        }

        var paid = envelope.Grabs.Sum(g => g.Amount);
        var amount = sharesLeft == 1 ? envelope.Total - paid : Math.Max(1, (envelope.Total - paid) / sharesLeft);
        var grab = new GrabEntry(user, amount, DateTimeOffset.UnixEpoch);
        envelope.Grabs.Add(grab);
        if (!LosesCredits)
        {
            balances[user] = balances.GetValueOrDefault(user) + amount;
        }

        if (LosesFirstGrabAnswer && earlier is null)
        {
            var overloaded = Problem(503, "overloaded");
            overloaded.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return overloaded;
        }
        return Ok(201, new GrabView(id, user, amount, WireNames.Granted, grab.GrabbedAt));
    }

    private static HttpResponseMessage Ok(int status, object value) =>
        new((HttpStatusCode)status) { Content = JsonContent.Create(value, value.GetType(), options: Json) };

    private static HttpResponseMessage Problem(int status, string code) =>
        new((HttpStatusCode)status) { Content = JsonContent.Create(new ProblemView("problem", status, code, code), options: Json) };

    private sealed record Envelope(string Id, string Sender, long Total, int Shares)
    {
        public List<GrabEntry> Grabs { get; } = [];

        public EnvelopeView View()
        {
            var paid = Grabs.Sum(g => g.Amount);
            var left = Shares - Grabs.Count;
            var status = left <= 0 ? WireNames.Settled : WireNames.Open;
            return new EnvelopeView(Id, "lucky", Sender, null, Total, Shares, Total - paid, Math.Max(0, left), status,
                DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), [.. Grabs], null);
        }
    }
}
