using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>The success path of every endpoint of the HTTP contract (docs/api.md).</summary>
[Collection(nameof(ApiCollection))]
public sealed class EndpointTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dev_token_is_issued_and_accepted()
    {
        using var anonymous = api.Anonymous();
        var token = await (await anonymous.PostJsonAsync("/dev/token", """{"userId":"ep-dev","roles":["admin"]}""")).ReadAsync<WireToken>(HttpStatusCode.OK);
        Assert.Equal("Bearer", token.TokenType);
        Assert.True(token.ExpiresIn > 0);

        using var admin = api.WithToken(token.AccessToken);
        var wallet = await (await admin.GetAsync("/wallets/ep-someone", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK);
        Assert.Equal(new WireWallet("ep-someone", 0), wallet);
    }

    [Fact]
    public async Task Deposit_creates_then_replays()
    {
        using var admin = api.As("ep-admin", "admin");
        var first = await admin.PostJsonAsync("/wallets/ep-depositor/deposits", """{"amount":12345}""", "ep-deposit-1");
        Assert.Equal("/wallets/ep-depositor", first.Headers.Location?.OriginalString);
        Assert.Equal(new WireWallet("ep-depositor", 12345), await first.ReadAsync<WireWallet>(HttpStatusCode.Created));

        var replay = await admin.PostJsonAsync("/wallets/ep-depositor/deposits", """{"amount":12345}""", "ep-deposit-1");
        Assert.Equal(new WireWallet("ep-depositor", 12345), await replay.ReadAsync<WireWallet>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Create_lucky_envelope_answers_201_with_location_and_view()
    {
        await api.DepositAsync("ep-sender", 10_000);
        using var sender = api.As("ep-sender");
        var response = await sender.PostJsonAsync("/envelopes",
            """{"kind":"lucky","totalAmount":1000,"shares":10,"greeting":"恭喜发财","audience":["ep-a","ep-b"],"ttlSeconds":3600}""", "ep-create-1");
        var envelope = await response.ReadAsync<WireEnvelope>(HttpStatusCode.Created);

        Assert.Equal($"/envelopes/{envelope.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("lucky", "ep-sender", "恭喜发财", 1000L, 10, 1000L, 10, "open"),
            (envelope.Kind, envelope.SenderId, envelope.Greeting, envelope.TotalAmount, envelope.Shares, envelope.RemainingAmount, envelope.RemainingShares, envelope.Status));
        Assert.Equal(TimeSpan.FromHours(1), envelope.ExpiresAt - envelope.CreatedAt);
        Assert.Empty(envelope.Grabs);
        Assert.Null(envelope.BestLuck);
    }

    [Fact]
    public async Task Create_fixed_envelope_debits_amount_per_share_times_shares()
    {
        await api.DepositAsync("ep-fixed", 1_000);
        var envelope = await api.CreateEnvelopeAsync("ep-fixed", """{"kind":"fixed","amountPerShare":25,"shares":4}""");
        Assert.Equal(("fixed", 100L, 4), (envelope.Kind, envelope.TotalAmount, envelope.Shares));

        using var sender = api.As("ep-fixed");
        Assert.Equal(900, (await (await sender.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task Grab_is_201_then_200_with_the_same_share_and_the_envelope_shows_it()
    {
        await api.DepositAsync("ep-grab-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("ep-grab-sender", """{"kind":"lucky","totalAmount":300,"shares":2}""");
        using var grabber = api.As("ep-grabber");

        var first = await grabber.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel);
        var granted = await first.ReadAsync<WireGrab>(HttpStatusCode.Created);
        Assert.Equal($"/envelopes/{envelope.Id}", first.Headers.Location?.OriginalString);
        Assert.Equal((envelope.Id, "ep-grabber", "granted"), (granted.EnvelopeId, granted.UserId, granted.Outcome));
        Assert.InRange(granted.Amount, 1, 299);

        var again = await (await grabber.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel)).ReadAsync<WireGrab>(HttpStatusCode.OK);
        Assert.Equal(granted with { Outcome = "alreadyGrabbed" }, again);

        var view = await (await grabber.GetAsync($"/envelopes/{envelope.Id}", Cancel)).ReadAsync<WireEnvelope>(HttpStatusCode.OK);
        Assert.Equal((300 - granted.Amount, 1), (view.RemainingAmount, view.RemainingShares));
        Assert.Equal(new WireGrabEntry("ep-grabber", granted.Amount, granted.GrabbedAt), Assert.Single(view.Grabs));
    }

    [Fact]
    public async Task Best_luck_appears_once_every_share_is_taken()
    {
        await api.DepositAsync("ep-luck-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("ep-luck-sender", """{"kind":"lucky","totalAmount":500,"shares":2}""");
        foreach (var user in new[] { "ep-luck-1", "ep-luck-2" })
        {
            using var client = api.As(user);
            await (await client.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel)).ReadAsync<WireGrab>(HttpStatusCode.Created);
        }

        var settled = await api.WaitForSettledAsync(envelope.Id, "ep-luck-reader");
        var best = settled.Grabs.OrderByDescending(g => g.Amount).ThenBy(g => g.GrabbedAt).First();
        Assert.Equal(new WireBestLuck(best.UserId, best.Amount), settled.BestLuck);
        Assert.Equal(500, settled.Grabs.Sum(g => g.Amount));
    }

    [Fact]
    public async Task Wallet_of_a_new_user_has_balance_zero()
    {
        using var user = api.As("ep-newcomer");
        Assert.Equal(new WireWallet("ep-newcomer", 0), await (await user.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Ledger_pages_newest_first_with_a_cursor()
    {
        using var admin = api.As("ep-ledger-admin", "admin");
        foreach (var amount in new[] { 100, 200, 300 })
        {
            await (await admin.PostJsonAsync("/wallets/ep-ledger/deposits", $$"""{"amount":{{amount}}}""", $"ep-ledger-{amount}")).ReadAsync<WireWallet>(HttpStatusCode.Created);
        }

        using var user = api.As("ep-ledger");
        var first = await (await user.GetAsync("/wallets/me/ledger?limit=2", Cancel)).ReadAsync<WireLedger>(HttpStatusCode.OK);
        Assert.Equal([(300L, 600L), (200L, 300L)], first.Entries.Select(e => (e.Amount, e.BalanceAfter)));
        Assert.All(first.Entries, e => Assert.Equal("deposit", e.Kind));
        Assert.NotNull(first.Next);

        var second = await (await user.GetAsync($"/wallets/me/ledger?limit=2&before={first.Next}", Cancel)).ReadAsync<WireLedger>(HttpStatusCode.OK);
        Assert.Equal(100, Assert.Single(second.Entries).Amount);
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Health_openapi_and_docs_answer()
    {
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready", Cancel)).StatusCode);

        var openApi = await anonymous.GetStringAsync("/openapi/v1.json", Cancel);
        Assert.Contains("\"bearer\"", openApi, StringComparison.Ordinal);
        Assert.Contains("/envelopes/{id}/grabs", openApi, StringComparison.Ordinal);

        var docs = await anonymous.GetAsync("/docs", Cancel);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
    }
}
