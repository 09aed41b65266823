using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

[Collection(nameof(ApiCollection))]
public sealed class IdempotencyTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_replay_returns_the_same_envelope_and_debits_once()
    {
        await api.DepositAsync("idem-sender", 1_000);
        using var sender = api.As("idem-sender");
        const string body = """{"kind":"lucky","totalAmount":400,"shares":4}""";
        var created = await (await sender.PostJsonAsync("/envelopes", body, "idem-create")).ReadAsync<WireEnvelope>(HttpStatusCode.Created);
        var replayed = await (await sender.PostJsonAsync("/envelopes", body, "idem-create")).ReadAsync<WireEnvelope>(HttpStatusCode.OK);

        Assert.Equal(created.Id, replayed.Id);
        Assert.Equal(600, (await (await sender.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task Create_key_reused_with_another_body_is_422()
    {
        await api.DepositAsync("idem-reuser", 1_000);
        using var sender = api.As("idem-reuser");
        await (await sender.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":100,"shares":1}""", "idem-reuse")).ReadAsync<WireEnvelope>(HttpStatusCode.Created);
        await (await sender.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":200,"shares":1}""", "idem-reuse"))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(900, (await (await sender.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task Deposit_key_reused_with_another_amount_is_422()
    {
        using var admin = api.As("idem-admin", "admin");
        await (await admin.PostJsonAsync("/wallets/idem-target/deposits", """{"amount":100}""", "idem-dep")).ReadAsync<WireWallet>(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/wallets/idem-target/deposits", """{"amount":101}""", "idem-dep"))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(100, (await (await admin.GetAsync("/wallets/idem-target", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task Missing_key_is_428_for_create_and_deposit()
    {
        using var sender = api.As("idem-forgetful", "admin");
        await (await sender.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":100,"shares":1}"""))
            .AssertProblemAsync(HttpStatusCode.PreconditionRequired, "idempotency_key_required");
        await (await sender.PostJsonAsync("/wallets/idem-forgetful/deposits", """{"amount":100}"""))
            .AssertProblemAsync(HttpStatusCode.PreconditionRequired, "idempotency_key_required");
    }

    [Fact]
    public async Task Concurrent_replays_of_one_create_debit_once()
    {
        await api.DepositAsync("idem-racer", 1_000);
        using var sender = api.As("idem-racer");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            sender.PostJsonAsync("/envelopes", """{"kind":"fixed","amountPerShare":10,"shares":10}""", "idem-race")));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK });
            ids.Add((await response.ReadAsync<WireEnvelope>(response.StatusCode)).Id);
        }

        Assert.Single(ids);
        Assert.Equal(900, (await (await sender.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }
}
