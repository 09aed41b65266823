using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

[Collection(nameof(ApiCollection))]
public sealed class AuthTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtectedRoutes =>
    [
        "GET /wallets/me",
        "GET /wallets/me/ledger",
        "GET /wallets/auth-anyone",
        "POST /wallets/auth-anyone/deposits",
        "POST /envelopes",
        "GET /envelopes/env_00000000000000000000000000000000",
        "POST /envelopes/env_00000000000000000000000000000000/grabs",
    ];

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task No_token_is_401(string route)
    {
        using var anonymous = api.Anonymous();
        await (await anonymous.SendAsync(Request(route), Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Bad_signature_is_401()
    {
        using var forger = api.WithToken(api.Tokens.SignedWithAnotherKey("auth-forger"));
        await (await forger.GetAsync("/wallets/me", Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Expired_token_is_401()
    {
        using var late = api.WithToken(api.Tokens.Expired("auth-late"));
        await (await late.GetAsync("/wallets/me", Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("a-subject-that-is-far-too-long-to-be-a-user-id-0123456789-0123456789")]
    public async Task Malformed_subject_is_401(string subject)
    {
        using var odd = api.WithToken(api.Tokens.WithSubject(subject));
        await (await odd.GetAsync("/wallets/me", Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Garbage_token_is_401()
    {
        using var client = api.WithToken("not.a.jwt");
        await (await client.GetAsync("/wallets/me", Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Another_users_wallet_is_403_for_a_non_admin()
    {
        using var nosy = api.As("auth-nosy");
        await (await nosy.GetAsync("/wallets/auth-victim", Cancel)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Deposit_by_a_non_admin_is_403_and_changes_nothing()
    {
        using var user = api.As("auth-greedy");
        await (await user.PostJsonAsync("/wallets/auth-greedy/deposits", """{"amount":1000000}""", "auth-greedy-1"))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, (await (await user.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task A_body_naming_the_sender_is_refused_and_debits_nobody()
    {
        await api.DepositAsync("auth-real-sender", 1_000);
        using var sender = api.As("auth-real-sender");
        var problem = await (await sender.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":100,"shares":1,"senderId":"auth-someone-else"}""", "auth-sender-1"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("senderId", out _), problem.ToString());
        Assert.Equal(1_000, (await (await sender.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    private static HttpRequestMessage Request(string route)
    {
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
        return new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        };
    }
}
