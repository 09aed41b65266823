using Hongbao.Grains.Envelopes;

namespace Hongbao.Grains.Telemetry;

/// <summary>
/// One envelope activation's share of the silo-wide gauges (open envelopes, settlement backlog). It reports only
/// changes, so a report is a few comparisons unless something changed; <see cref="Forget"/> takes the share back
/// when the activation ends.
/// </summary>
public sealed class EnvelopeGauges
{
    private long reportedBacklog;
    private bool countedOpen;

    public void Report(EnvelopeState working, DateTimeOffset now)
    {
        long backlog = working.Grabs.Count - working.CreditedShares;
        if (backlog != reportedBacklog)
        {
            HongbaoMetrics.SettlementBacklogChanged(backlog - reportedBacklog);
            reportedBacklog = backlog;
        }

        var open = working.IsOpened && !working.IsExhausted && !working.IsExpiredAt(now);
        if (open != countedOpen)
        {
            HongbaoMetrics.EnvelopesOpenChanged(open ? 1 : -1);
            countedOpen = open;
        }
    }

    public void Forget()
    {
        HongbaoMetrics.SettlementBacklogChanged(-reportedBacklog);
        reportedBacklog = 0;
        if (countedOpen)
        {
            HongbaoMetrics.EnvelopesOpenChanged(-1);
            countedOpen = false;
        }
    }
}
