using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes.Settlement;

/// <summary>
/// The envelope's durable reminder: it brings the envelope back after a crash to finish delivering credits, and at
/// expiry to refund the rest even when no silo holds the envelope then. It is due soon while credits are owed and
/// at expiry otherwise, so an idle envelope costs no wake-ups.
/// </summary>
public sealed class SettlementReminder(IGrainBase grain, EngineClock clock, EnvelopeOptions options)
{
    private const string Name = "settlement";

    /// <summary>Whether the reminder was last registered to come back soon rather than at expiry.</summary>
    public bool DueSoon { get; private set; }

    public async Task ScheduleAsync(EnvelopeState envelope, bool dueSoon)
    {
        var untilExpiry = envelope.ExpiresAt - clock.UtcNow;
        var dueAtExpiry = untilExpiry > TimeSpan.Zero ? untilExpiry : TimeSpan.Zero;
        var due = dueSoon && options.SettlementReminderPeriod < dueAtExpiry ? options.SettlementReminderPeriod : dueAtExpiry;
        await grain.RegisterOrUpdateReminder(Name, due, options.SettlementReminderPeriod);
        DueSoon = dueSoon;
    }

    public async Task<bool> ExistsAsync() => await grain.GetReminder(Name) is not null;

    public async Task ForgetAsync()
    {
        if (await grain.GetReminder(Name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
