using Hongbao.LoadTests.Scenarios;
using Hongbao.LoadTests.Scenarios.Api;
using Hongbao.LoadTests.Scenarios.Audit;
using Hongbao.LoadTests.Tests.Fakes;

namespace Hongbao.LoadTests.Tests;

public sealed class MoneyAuditTests
{
    private static readonly MoneyAuditOptions FastAudit = new()
    {
        SettleTimeout = TimeSpan.FromSeconds(2),
        PollInterval = TimeSpan.FromMilliseconds(10),
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Funds a sender, creates one envelope of <paramref name="shares"/> and lets <paramref name="grabbers"/> grab it.</summary>
    private static async Task<(HongbaoTarget Target, string EnvelopeId)> ArrangeAsync(
        FakeHongbaoServer server, int shares, params string[] grabbers)
    {
        var target = new HongbaoTarget(await server.CreateApiAsync(), new RunLedger(), "t", FastAudit);
        var deposit = await target.Api.DepositAsync("sender", 1000, "d1", Cancel);
        target.Ledger.RecordDeposit(deposit, "sender", 1000, "d1");
        var request = new CreateEnvelopeRequest("lucky", 1000, null, shares);
        var created = await target.Api.CreateEnvelopeAsync("sender", request, "c1", Cancel);
        target.Ledger.RecordCreate(created, "sender", request, "c1");
        foreach (var user in grabbers)
        {
            target.Ledger.RecordGrab(await target.Api.GrabAsync(user, created.Value!.Id, Cancel), user);
        }

        return (target, created.Value!.Id);
    }

    private static Task<Hongbao.LoadTests.Audit.AuditResult> AuditAsync(HongbaoTarget target) =>
        MoneyAudit.RunAsync("test", target.Api, target.Ledger, target.AuditOptions, Cancel);

    [Fact]
    public async Task Passes_when_an_exhausted_envelope_paid_exactly_its_total_and_money_is_conserved()
    {
        var (target, _) = await ArrangeAsync(new FakeHongbaoServer(), 3, "a", "b", "c", "d", "a");

        var audit = await AuditAsync(target);

        Assert.True(audit.Passed, string.Join("; ", audit.Findings));
        Assert.Contains(audit.Notes, note => note.StartsWith("money conserved: deposits 1000 fen, wallets 1000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Passes_with_an_open_envelope_whose_remainder_is_still_held()
    {
        var (target, _) = await ArrangeAsync(new FakeHongbaoServer(), 10, "a", "b");

        var audit = await AuditAsync(target);

        Assert.True(audit.Passed, string.Join("; ", audit.Findings));
        Assert.Contains(audit.Notes, note => note.Contains("1 still open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fails_when_a_user_holds_two_shares_of_one_envelope()
    {
        var (target, envelopeId) = await ArrangeAsync(new FakeHongbaoServer { GrantsSecondShare = true }, 5, "a", "b", "a");

        var audit = await AuditAsync(target);

        Assert.False(audit.Passed);
        Assert.Contains(audit.Findings, f => f == $"user a holds 2 shares of envelope {envelopeId}");
    }

    [Fact]
    public async Task Fails_when_money_is_not_conserved()
    {
        var (target, _) = await ArrangeAsync(new FakeHongbaoServer { LosesCredits = true }, 2, "a", "b");

        var audit = await AuditAsync(target);

        Assert.False(audit.Passed);
        Assert.Contains(audit.Findings, f => f.StartsWith("money not conserved", StringComparison.Ordinal));
        Assert.Contains(audit.Findings, f => f.StartsWith("wallet a holds 0 fen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fails_when_an_acknowledged_grab_is_missing_from_the_envelope()
    {
        var server = new FakeHongbaoServer();
        var (target, envelopeId) = await ArrangeAsync(server, 5, "a");
        target.Ledger.RecordGrab(new ApiResult<GrabView>(201, new GrabView(envelopeId, "ghost", 7, WireNames.Granted, DateTimeOffset.UnixEpoch), null, 0), "ghost");

        var audit = await AuditAsync(target);

        Assert.Contains(audit.Findings, f => f.Contains("acknowledged grab of 7 fen by ghost is missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unanswered_creates_are_settled_by_replaying_their_idempotency_key()
    {
        var server = new FakeHongbaoServer();
        var target = new HongbaoTarget(await server.CreateApiAsync(), new RunLedger(), "t", FastAudit);
        target.Ledger.RecordDeposit(await target.Api.DepositAsync("sender", 500, "d1", Cancel), "sender", 500, "d1");
        var request = new CreateEnvelopeRequest("lucky", 500, null, 5);
        // The create reached the server but its answer was lost.
        await target.Api.CreateEnvelopeAsync("sender", request, "c1", Cancel);
        target.Ledger.RecordCreate(new ApiResult<EnvelopeView>(0, null, null, 0, "timeout"), "sender", request, "c1");

        var audit = await AuditAsync(target);

        Assert.True(audit.Passed, string.Join("; ", audit.Findings));
        Assert.Single(target.Ledger.Envelopes);
    }
}
