namespace Hongbao.LoadTests.Scenarios.Audit;

/// <summary>Bounds of the audit: it waits for settlement, but never without limit.</summary>
public sealed record MoneyAuditOptions
{
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    public int Parallelism { get; init; } = 32;

    /// <summary>The identity the audit reads envelopes as; any authenticated user may read an envelope.</summary>
    public string ReaderUserId { get; init; } = Api.HttpHongbaoApi.AdminUserId;
}
