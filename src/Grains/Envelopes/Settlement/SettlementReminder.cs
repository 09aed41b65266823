using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes.Settlement;

/// <summary>
/// The envelope's durable reminder: it brings the envelope back after a crash to finish delivering credits, and at
/// expiry to refund the rest even when no silo holds the envelope then. It is due soon while credits are owed and
/// at expiry otherwise, so an idle envelope costs no wake-ups.
/// Registrations run one at a time, and each ends by comparing what is registered with what was last asked for: a
/// grab acknowledged while the reminder moves to expiry brings it back due soon. What is registered is unknown in a
/// new activation and after a failed registration, so the next request registers again.
/// </summary>
public sealed class SettlementReminder(IGrainBase grain, EngineClock clock, EnvelopeOptions options)
{
    private const string Name = "settlement";

    private readonly SemaphoreSlim registering = new(1, 1);
    private bool? registeredDueSoon;
    private bool wantedDueSoon;

    /// <summary>Asks for the reminder due soon (credits are owed) or at expiry, and returns once it is registered so.</summary>
    public async Task EnsureAsync(EnvelopeState envelope, bool dueSoon)
    {
        if (registeredDueSoon == dueSoon && wantedDueSoon == dueSoon)
        {
            // Every grab asks: most find it registered so already.
            return;
        }

        wantedDueSoon = dueSoon;
        await registering.WaitAsync();
        try
        {
            while (registeredDueSoon != wantedDueSoon)
            {
                var asked = wantedDueSoon;
                registeredDueSoon = null;
                await RegisterAsync(envelope, asked);
                registeredDueSoon = asked;
            }
        }
        finally
        {
            registering.Release();
        }
    }

    public async Task<bool> ExistsAsync() => await grain.GetReminder(Name) is not null;

    public async Task ForgetAsync()
    {
        if (await grain.GetReminder(Name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        registeredDueSoon = null;
    }

    private async Task RegisterAsync(EnvelopeState envelope, bool dueSoon)
    {
        var untilExpiry = envelope.ExpiresAt - clock.UtcNow;
        var dueAtExpiry = untilExpiry > TimeSpan.Zero ? untilExpiry : TimeSpan.Zero;
        var due = dueSoon && options.SettlementReminderPeriod < dueAtExpiry ? options.SettlementReminderPeriod : dueAtExpiry;
        await grain.RegisterOrUpdateReminder(Name, due, options.SettlementReminderPeriod);
    }
}
