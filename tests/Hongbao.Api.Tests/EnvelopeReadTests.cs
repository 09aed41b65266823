using System.Net;
using System.Net.Http.Json;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>
/// Who may read an envelope, and how its grabs are paged: a review found audience-restricted envelopes readable by
/// anyone, and a view that carried every grab however many shares the envelope had.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class EnvelopeReadTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public sealed record WireGrabPage(List<WireGrabEntry> Grabs, string? Next);

    [Fact]
    public async Task An_audience_restricted_envelope_is_404_to_everyone_but_its_sender_and_audience()
    {
        await api.DepositAsync("read-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("read-sender", """{"kind":"lucky","totalAmount":100,"shares":2,"audience":["read-friend"]}""");

        using var stranger = api.As("read-stranger");
        using var friend = api.As("read-friend");
        using var sender = api.As("read-sender");
        await (await stranger.GetAsync($"/envelopes/{envelope.Id}", Cancel)).AssertProblemAsync(HttpStatusCode.NotFound, "envelope_not_found");
        await (await stranger.GetAsync($"/envelopes/{envelope.Id}/grabs", Cancel)).AssertProblemAsync(HttpStatusCode.NotFound, "envelope_not_found");
        Assert.Equal(HttpStatusCode.OK, (await friend.GetAsync($"/envelopes/{envelope.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync($"/envelopes/{envelope.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Grabs_are_paged_in_grab_order_until_next_is_null()
    {
        const int shares = 7;
        await api.DepositAsync("page-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("page-sender", $$"""{"kind":"lucky","totalAmount":700,"shares":{{shares}}}""");
        var grabbers = Enumerable.Range(0, shares).Select(i => $"page-user-{i}").ToList();
        foreach (var grabber in grabbers)
        {
            using var client = api.As(grabber);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel)).StatusCode);
        }

        using var reader = api.As("page-reader");
        var paged = new List<WireGrabEntry>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var response = await reader.GetAsync($"/envelopes/{envelope.Id}/grabs?limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<WireGrabPage>(Cancel))!;
            Assert.True(body.Grabs.Count <= 3);
            paged.AddRange(body.Grabs);
            cursor = body.Next;
            if (cursor is null)
            {
                break;
            }
        }

        Assert.Null(cursor);
        Assert.Equal(grabbers, paged.Select(g => g.UserId));
        var view = (await (await reader.GetAsync($"/envelopes/{envelope.Id}", Cancel)).Content.ReadFromJsonAsync<WireEnvelope>(Cancel))!;
        Assert.Equal(paged.Select(g => g.UserId), view.Grabs.Select(g => g.UserId));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=201")]
    [InlineData("?limit=abc")]
    [InlineData("?cursor=-1")]
    [InlineData("?cursor=abc")]
    public async Task A_bad_page_request_is_400(string query)
    {
        await api.DepositAsync("page-bad-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("page-bad-sender", """{"kind":"lucky","totalAmount":100,"shares":2}""");
        using var reader = api.As("page-bad-reader");
        await (await reader.GetAsync($"/envelopes/{envelope.Id}/grabs{query}", Cancel)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
