using System.Net;
using Hongbao.Contracts.Common;

namespace Hongbao.Api.Tests.Infrastructure;

/// <summary>The steps most tests start with, done over HTTP as a client would.</summary>
public static class Scenario
{
    public static async Task<WireWallet> DepositAsync(this ApiFixture api, string userId, long amount)
    {
        using var admin = api.As("admin-" + userId, "admin");
        var response = await admin.PostJsonAsync($"/wallets/{userId}/deposits", $$"""{"amount":{{amount}}}""", Guid.NewGuid().ToString("N"));
        return await response.ReadAsync<WireWallet>(HttpStatusCode.Created);
    }

    public static async Task<WireEnvelope> CreateEnvelopeAsync(this ApiFixture api, string senderId, string json)
    {
        using var sender = api.As(senderId);
        var response = await sender.PostJsonAsync("/envelopes", json, Guid.NewGuid().ToString("N"));
        return await response.ReadAsync<WireEnvelope>(HttpStatusCode.Created);
    }

    public static async Task<WireEnvelope> WaitForSettledAsync(this ApiFixture api, string envelopeId, string readerId)
    {
        using var reader = api.As(readerId);
        return await Eventually.MatchAsync(
            async () => await (await reader.GetAsync($"/envelopes/{envelopeId}", TestContext.Current.CancellationToken)).ReadAsync<WireEnvelope>(HttpStatusCode.OK),
            envelope => envelope.Status == "settled",
            TimeSpan.FromSeconds(60),
            $"envelope {envelopeId} to be settled");
    }

    /// <summary>Waits until every granted share of the envelope is credited, so later snapshots see a quiet envelope.</summary>
    public static Task WaitForCreditsAsync(this ApiFixture api, string envelopeId) =>
        Eventually.MatchAsync(
            () => api.Grains.Envelope(envelopeId).GetDetailsAsync(),
            details => details is not null && details.CreditedShares == details.Grabs.Count,
            TimeSpan.FromSeconds(30),
            $"the grabs of {envelopeId} to be credited");
}
