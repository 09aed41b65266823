using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>
/// A misspelt member must not silently change what a request means (a misspelt "audience" would make an envelope
/// public): every request body refuses members it does not have, naming the member.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class UnknownMemberTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_misspelt_audience_is_refused_and_creates_nothing()
    {
        await api.DepositAsync("unknown-sender", 1_000);
        using var sender = api.As("unknown-sender");
        var problem = await (await sender.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":100,"shares":2,"audiance":["bob"]}""", "unknown-create-1"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("audiance", out var messages), problem.ToString());
        Assert.Contains("no such member", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1_000, (await (await sender.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task A_deposit_with_an_unknown_member_is_refused_and_credits_nothing()
    {
        using var admin = api.As("unknown-admin", "admin");
        var problem = await (await admin.PostJsonAsync("/wallets/unknown-target/deposits", """{"amount":100,"currency":"USD"}""", "unknown-deposit-1"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("currency", out _), problem.ToString());
        Assert.Equal(0, (await (await admin.GetAsync("/wallets/unknown-target", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task A_dev_token_request_with_an_unknown_member_is_refused()
    {
        using var anonymous = api.Anonymous();
        var problem = await (await anonymous.PostJsonAsync("/dev/token", """{"userId":"unknown-dev","role":"admin"}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _), problem.ToString());
    }
}
