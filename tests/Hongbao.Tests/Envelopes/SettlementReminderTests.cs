using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Tests.Faults;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Tests.Envelopes;

/// <summary>
/// The settlement reminder is due soon exactly while credits are owed, and at expiry otherwise: a silo that dies with
/// credits owed must be followed within a reminder period, never only at expiry (up to days later).
/// </summary>
public sealed class SettlementReminderTests : EngineTest
{
    private const string Reminder = "settlement";

    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    [Fact]
    public async Task A_grab_acknowledged_while_the_reminder_moves_to_expiry_brings_it_back_due_soon()
    {
        var faults = new StorageFaults();
        // A failed credit is retried only after the test: nothing but the reminder may bring the envelope back.
        await StartEngineAsync(new Dictionary<string, string?> { ["Hongbao:Envelopes:SettlementRetryDelay"] = "00:30:00" }, faults: faults);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(1_000, 10));
        await GrabAndSettleAsync(envelope.EnvelopeId, "first");

        // The reminder's turn finds nothing owed and moves the reminder to expiry; hold that registration.
        var held = faults.HoldNextReminderRegistration(Reminder);
        var tick = Engine.Grains.GetGrain<IEnvelopeGrain>(envelope.EnvelopeId).AsReference<IRemindable>().ReceiveReminder(Reminder, default, TestContext.Current.CancellationToken);
        await held.Arrived.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Meanwhile a grab is made durable whose credit cannot be delivered: a credit is owed.
        faults.FailEveryWrite(StorageFaults.WalletState, GrainKeys.WalletKeyOf("second"));
        var grabbing = Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("second");
        await Eventually.ReturnsAsync(
            () => Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync(),
            details => details!.Grabs.Any(g => g.UserId == "second"),
            TimeSpan.FromSeconds(10),
            "the second grab to be durable");
        held.Release();
        Assert.Equal(GrabOutcome.Granted, (await grabbing).Outcome);
        await tick;

        await Eventually.ReturnsAsync(() => IsDueSoonAsync(envelope), dueSoon => dueSoon, TimeSpan.FromSeconds(10), "the reminder to be due soon while a credit is owed");
        faults.Repair(StorageFaults.WalletState, GrainKeys.WalletKeyOf("second"));
    }

    [Fact]
    public async Task A_grab_is_answered_only_once_the_reminder_would_bring_its_credit_back_soon()
    {
        var faults = new StorageFaults();
        await StartEngineAsync(new Dictionary<string, string?> { ["Hongbao:Envelopes:SettlementRetryDelay"] = "00:30:00" }, faults: faults);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(1_000, 10));
        await GrabAndSettleAsync(envelope.EnvelopeId, "first");
        await Engine.Grains.GetGrain<IEnvelopeGrain>(envelope.EnvelopeId).AsReference<IRemindable>().ReceiveReminder(Reminder, default, TestContext.Current.CancellationToken);
        Assert.False(await IsDueSoonAsync(envelope), "with nothing owed, the reminder waits for expiry");

        // The next grab's credit cannot be delivered, and the settlement's move of the reminder back fails once.
        faults.FailEveryWrite(StorageFaults.WalletState, GrainKeys.WalletKeyOf("second"));
        faults.FailNextReminderRegistration(Reminder);
        var granted = await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("second");

        Assert.Equal(GrabOutcome.Granted, granted.Outcome);
        Assert.True(await IsDueSoonAsync(envelope), "a grab whose credit is owed was answered while only expiry would bring the envelope back");
        faults.Repair(StorageFaults.WalletState, GrainKeys.WalletKeyOf("second"));
    }

    [Fact]
    public async Task After_a_restart_with_nothing_owed_the_reminder_moves_back_to_expiry()
    {
        await StartEngineAsync();
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(1_000, 10));
        await GrabAndSettleAsync(envelope.EnvelopeId, "first");
        Assert.True(await IsDueSoonAsync(envelope), "a new envelope's reminder is due soon");

        await Engine.CrashAndRestartAsync();
        await Engine.Grains.GetGrain<IEnvelopeGrain>(envelope.EnvelopeId).AsReference<IRemindable>().ReceiveReminder(Reminder, default, TestContext.Current.CancellationToken);

        Assert.False(await IsDueSoonAsync(envelope), "with nothing owed, the reminder waits for expiry");
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sender", "first"], [envelope.EnvelopeId]);
    }

    private async Task GrabAndSettleAsync(string envelopeId, string userId)
    {
        Assert.Equal(GrabOutcome.Granted, (await Engine.Grains.Envelope(envelopeId).GrabAsync(userId)).Outcome);
        await Eventually.ReturnsAsync(
            async () => (await Engine.Grains.Envelope(envelopeId).SettleAsync())!.CreditedShares,
            credited => credited == 1,
            TimeSpan.FromSeconds(30),
            "the first grab to be credited");
    }

    /// <summary>Due within a few reminder periods, rather than at the envelope's expiry a day away.</summary>
    private async Task<bool> IsDueSoonAsync(EnvelopeDetails envelope)
    {
        var table = Engine.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var grainId = Engine.Grains.GetGrain<IEnvelopeGrain>(envelope.EnvelopeId).GetGrainId();
        var row = await table.ReadRow(grainId, Reminder) ?? throw new InvalidOperationException("the envelope has no settlement reminder");
        return row.StartAt < envelope.ExpiresAt.UtcDateTime - TimeSpan.FromHours(1);
    }
}
