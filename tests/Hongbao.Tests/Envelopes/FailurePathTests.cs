using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Tests.Faults;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Tests.Envelopes;

/// <summary>The failure paths a review of the engine found: each test fails on the defect it names.</summary>
public sealed class FailurePathTests : EngineTest
{
    private readonly StorageFaults faults = new();

    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    [Fact]
    public async Task A_repeat_tap_during_a_failing_write_is_not_answered_with_a_share_that_never_existed()
    {
        await StartEngineAsync(faults: faults);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(1_000, 10));
        var grain = Engine.Grains.Envelope(envelope.EnvelopeId);
        var held = faults.HoldNextWrite("envelope", envelope.EnvelopeId);
        var first = grain.GrabAsync("tapper");
        await held.Arrived;

        // Nothing else is queued: the repeat waits on the write in flight alone. The read after it is a barrier:
        // calls from one client reach the activation in order, and a turn runs until its first await.
        var repeat = grain.GrabAsync("tapper");
        await grain.GetDetailsAsync();
        held.Release(WriteFault.Fail);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => first);
        GrabResult? answered = null;
        var repeated = await Record.ExceptionAsync(async () => answered = await repeat);
        Assert.True(repeated is StorageUnavailableException, $"the repeat tap was answered {answered} for a share whose write failed");
        Assert.Empty((await grain.GetDetailsAsync())!.Grabs);
        Assert.Equal(GrabOutcome.Granted, (await grain.GrabAsync("tapper")).Outcome);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sender", "tapper"], [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task An_open_retry_during_a_failing_first_write_is_not_told_the_envelope_exists()
    {
        await StartEngineAsync(faults: faults);
        var now = DateTimeOffset.UtcNow;
        var opening = new EnvelopeOpening(EnvelopeId.New(), "opener", Scenario.Lucky(1_000, 10), now, now.AddHours(1));
        var grain = Engine.Grains.Envelope(opening.EnvelopeId);
        var held = faults.HoldNextWrite("envelope", opening.EnvelopeId);
        var first = grain.OpenAsync(opening);
        await held.Arrived;

        var retry = grain.OpenAsync(opening);
        await grain.GetDetailsAsync();
        held.Release(WriteFault.Fail);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => first);
        EnvelopeDetails? answered = null;
        var retried = await Record.ExceptionAsync(async () => answered = await retry);
        Assert.True(retried is StorageUnavailableException, $"the retry was answered as if the envelope existed: {answered}");
        Assert.Null(await grain.GetDetailsAsync());
        Assert.Equal(opening.EnvelopeId, (await grain.OpenAsync(opening)).EnvelopeId);
    }

    [Fact]
    public async Task An_envelope_whose_first_reminder_registration_failed_still_gets_its_refund_reminder()
    {
        await StartEngineAsync(new Dictionary<string, string?> { ["Hongbao:Wallets:OutboxRetryDelay"] = "00:00:00.050" }, faults: faults);
        var wallet = Engine.Grains.Wallet("rita");
        await wallet.DepositAsync(1_000, "fund");
        faults.FailNextReminderRegistration("settlement");

        await Assert.ThrowsAsync<StorageUnavailableException>(() => wallet.CreateEnvelopeAsync(Scenario.Lucky(1_000, 10, ttlSeconds: 3_600), "create"));

        var envelopeId = (await wallet.GetLedgerAsync(10, null)).Entries.Single(e => e.Kind == LedgerEntryKind.Send).EnvelopeId!;
        await Eventually.ReturnsAsync(() => wallet.GetAuditAsync(), a => a.OutboxFen == 0, TimeSpan.FromSeconds(30), "the wallet's retry to open the envelope");
        var reminders = Engine.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var reminder = await reminders.ReadRow(Engine.Grains.Envelope(envelopeId).GetGrainId(), "settlement", TestContext.Current.CancellationToken);
        Assert.True(reminder is not null, "the envelope is open but no reminder will refund it at expiry");
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["rita"], [envelopeId], Engine.Seed);
    }

    [Fact]
    public async Task Credited_money_stays_exact_when_a_reload_loses_unsaved_settlement_progress()
    {
        await StartEngineAsync(
            new Dictionary<string, string?>
            {
                ["Hongbao:Envelopes:SettlementBatchMax"] = "1",
                ["Hongbao:Envelopes:SettlementCheckpointInterval"] = "00:10:00",
            },
            faults: faults);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(1_000, 10));
        var grain = Engine.Grains.Envelope(envelope.EnvelopeId);
        var firstCredit = faults.HoldNextWrite("wallet", "user:d1");
        var secondCredit = faults.HoldNextWrite("wallet", "user:d2");
        Assert.Equal(GrabOutcome.Granted, (await grain.GrabAsync("d1")).Outcome);
        await firstCredit.Arrived;
        // Written while no credit has completed: storage says nothing is credited.
        Assert.Equal(GrabOutcome.Granted, (await grain.GrabAsync("d2")).Outcome);

        // The first credit completes: progress 1 lives in memory only, and settlement waits on the second credit.
        firstCredit.Release();
        await secondCredit.Arrived;
        faults.OnNextWrite("envelope", envelope.EnvelopeId, WriteFault.Fail);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => grain.GrabAsync("d3"));
        secondCredit.Release();

        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sender", "d1", "d2", "d3"], [envelope.EnvelopeId], Engine.Seed);
        var settled = await grain.SettleAsync();
        Assert.Equal(settled!.Grabs.Sum(g => g.AmountFen), settled.TotalFen - settled.RemainingFen);
        Assert.Equal(settled.RemainingFen, settled.HeldFen);
    }

    [Fact]
    public async Task Once_refunded_no_grab_succeeds_even_when_the_clock_steps_back()
    {
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        await StartEngineAsync(clock: clock);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sam", Scenario.Lucky(1_000, 10, ttlSeconds: 3_600));
        var grain = Engine.Grains.Envelope(envelope.EnvelopeId);
        Assert.Equal(GrabOutcome.Granted, (await grain.GrabAsync("ann")).Outcome);
        clock.Step(TimeSpan.FromHours(1));
        Assert.Equal(EnvelopeStatus.Settled, (await grain.SettleAsync())!.Status);

        clock.Step(TimeSpan.FromMinutes(-30));

        var late = await grain.GrabAsync("ben");
        Assert.True(late.Outcome == GrabOutcome.Expired, $"after the refund a grab was answered {late.Outcome} ({late.Grab?.AmountFen} fen)");
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sam", "ann", "ben"], [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task A_clock_stepping_back_during_the_refund_grants_no_share()
    {
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        await StartEngineAsync(clock: clock, faults: faults);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sue", Scenario.Lucky(1_000, 10, ttlSeconds: 3_600));
        var grain = Engine.Grains.Envelope(envelope.EnvelopeId);
        clock.Step(TimeSpan.FromHours(1));
        var refund = faults.HoldNextWrite("wallet", "user:sue");
        var settling = grain.SettleAsync();
        await refund.Arrived;

        clock.Step(TimeSpan.FromMinutes(-30));
        var during = await grain.GrabAsync("cat");
        refund.Release();
        await settling;

        Assert.True(during.Outcome == GrabOutcome.Expired, $"during the refund a grab was answered {during.Outcome} ({during.Grab?.AmountFen} fen)");
        Assert.Equal(1_000, (await Engine.Grains.Wallet("sue").GetBalanceAsync()).BalanceFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sue", "cat"], [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task One_wallet_that_keeps_failing_holds_back_neither_the_other_credits_nor_later_grabs()
    {
        await StartEngineAsync(
            new Dictionary<string, string?>
            {
                ["Hongbao:Envelopes:SettlementBatchMax"] = "2",
                ["Hongbao:Envelopes:SettlementBacklogMax"] = "3",
                ["Hongbao:Envelopes:SettlementRetryDelay"] = "00:00:00.050",
            },
            faults: faults);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(1_000, 10));
        var grain = Engine.Grains.Envelope(envelope.EnvelopeId);
        faults.FailEveryWrite("wallet", "user:stuck");
        Assert.Equal(GrabOutcome.Granted, (await grain.GrabAsync("stuck")).Outcome);

        var others = Scenario.Users("fine", 6);
        var outcomes = new List<GrabOutcome>();
        foreach (var user in others)
        {
            outcomes.Add((await grain.GrabAsync(user)).Outcome);
            // Each credit reaches its wallet although the first one in grab order keeps failing.
            await Eventually.ReturnsAsync(() => Engine.Grains.Wallet(user).GetBalanceAsync(), b => b.BalanceFen > 0, TimeSpan.FromSeconds(10), $"the credit of {user}");
        }

        Assert.All(outcomes, o => Assert.Equal(GrabOutcome.Granted, o));
        faults.Repair("wallet", "user:stuck");
        await MoneyAudit.AssertConservedAsync(Engine.Grains, others.Append("stuck").Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task The_view_carries_a_bounded_number_of_grabs_and_pages_carry_the_rest()
    {
        await StartEngineAsync(new Dictionary<string, string?> { ["Hongbao:Envelopes:ViewGrabsMax"] = "3" });
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "viewer", Scenario.Lucky(1_000, 8));
        var grain = Engine.Grains.Envelope(envelope.EnvelopeId);
        var users = Scenario.Users("v", 8);
        foreach (var user in users)
        {
            Assert.Equal(GrabOutcome.Granted, (await grain.GrabAsync(user)).Outcome);
        }

        var view = await grain.GetViewAsync("anyone");
        var all = (await grain.GetDetailsAsync())!.Grabs;
        Assert.Equal(users.Take(3), view!.Grabs.Select(g => g.UserId));
        Assert.Equal(all.MaxBy(g => g.AmountFen)!.AmountFen, view.BestLuck!.AmountFen);
        var first = await grain.GetGrabsAsync("anyone", 0, 5);
        var second = await grain.GetGrabsAsync("anyone", first!.Next!.Value, 5);
        Assert.Equal(users, first.Grabs.Concat(second!.Grabs).Select(g => g.UserId));
        Assert.Null(second.Next);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, users.Append("viewer"), [envelope.EnvelopeId], Engine.Seed);
    }
}
