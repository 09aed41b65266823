namespace Hongbao.Grains.Envelopes.Settlement;

/// <summary>
/// Per-credit progress of one envelope's settlement, in memory. The durable state only records the credited
/// prefix (<see cref="EnvelopeState.CreditedShares"/>); this tracks the credits past it that already reached their
/// wallets and those that failed, so that one stuck wallet is retried alone, with backoff, while every other
/// credit is delivered once. Positions index the envelope's grabs, which only ever grow. After a reload it starts
/// over from the durable prefix: a credit sent again is recognised by its wallet.
/// </summary>
public sealed class CreditDelivery(TimeSpan firstRetryDelay, TimeSpan retryDelayMax)
{
    private readonly HashSet<int> deliveredAhead = [];
    private readonly Dictionary<int, FailingCredit> failing = [];
    private int nextUnsent;

    /// <summary>Credits past the durable prefix that reached their wallets.</summary>
    public int DeliveredAhead => deliveredAhead.Count;

    public bool HasFailing => failing.Count > 0;

    /// <summary>When the earliest failed credit is due again (milliseconds of <see cref="Environment.TickCount64"/>).</summary>
    public long? NextRetryAt => failing.Count == 0 ? null : failing.Values.Min(f => f.DueAt);

    public void StartOver()
    {
        deliveredAhead.Clear();
        failing.Clear();
        nextUnsent = 0;
    }

    /// <summary>Up to <paramref name="max"/> positions to send now: failed credits that are due, then credits never sent.</summary>
    public List<int> Take(int creditedPrefix, int durableGrabs, int max, long now)
    {
        var batch = new List<int>(max);
        foreach (var (position, credit) in failing)
        {
            if (batch.Count < max && credit.DueAt <= now && !credit.InFlight)
            {
                batch.Add(position);
            }
        }

        nextUnsent = Math.Max(nextUnsent, creditedPrefix);
        while (batch.Count < max && nextUnsent < durableGrabs)
        {
            if (!deliveredAhead.Contains(nextUnsent) && !failing.ContainsKey(nextUnsent))
            {
                batch.Add(nextUnsent);
            }

            nextUnsent++;
        }

        foreach (var position in batch)
        {
            if (failing.TryGetValue(position, out var credit))
            {
                failing[position] = credit with { InFlight = true };
            }
        }

        return batch;
    }

    public void Delivered(int position)
    {
        failing.Remove(position);
        deliveredAhead.Add(position);
    }

    /// <summary>Records a failed delivery and returns how many times it has failed and when it is tried again.</summary>
    public (int Attempts, TimeSpan RetryIn) Failed(int position, long now)
    {
        var attempts = failing.TryGetValue(position, out var earlier) ? earlier.Attempts + 1 : 1;
        var delay = TimeSpan.FromTicks(Math.Min(retryDelayMax.Ticks, firstRetryDelay.Ticks << Math.Min(attempts - 1, 20)));
        failing[position] = new FailingCredit(attempts, now + (long)delay.TotalMilliseconds, InFlight: false);
        return (attempts, delay);
    }

    /// <summary>Moves the credited prefix over every delivered credit right after it; returns the new prefix.</summary>
    public int Advance(int creditedPrefix)
    {
        while (deliveredAhead.Remove(creditedPrefix))
        {
            creditedPrefix++;
        }

        return creditedPrefix;
    }

    private sealed record FailingCredit(int Attempts, long DueAt, bool InFlight);
}
