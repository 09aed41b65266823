using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>
/// A live view reads the envelope and pages its grabs many times a second during a race: reading and paging have
/// budgets of their own, so they never use up the budget for sending envelopes (and the other way round).
/// </summary>
public sealed class GrabPageRateLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reading_paging_and_creating_have_separate_budgets()
    {
        await using var api = new ApiFixture(new HongbaoApiFactory("Development", new Dictionary<string, string?>
        {
            ["Hongbao:RateLimits:Envelopes:PermitLimit"] = "2",
            ["Hongbao:RateLimits:Envelopes:Window"] = "00:10:00",
        }));
        await api.InitializeAsync();
        await api.DepositAsync("pages-sender", 10_000);
        var envelope = await api.CreateEnvelopeAsync("pages-sender", """{"kind":"lucky","totalAmount":100,"shares":2}""");
        using var sender = api.As("pages-sender");

        // Far more reads and pages than the create budget allows: none is refused.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync($"/envelopes/{envelope.Id}", Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync($"/envelopes/{envelope.Id}/grabs?limit=50", Cancel)).StatusCode);
        }

        // And they took nothing from creating: the second create of the budget of two still goes through, the third does not.
        await api.CreateEnvelopeAsync("pages-sender", """{"kind":"lucky","totalAmount":100,"shares":2}""");
        await (await sender.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":100,"shares":2}""", "pages-third"))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
