namespace Hongbao.LoadTests.Scenarios;

/// <summary><c>CustomSettings</c> of <c>wallet-read</c>.</summary>
public sealed record WalletReadSettings
{
    public int Users { get; init; } = 500;
    public long DepositFen { get; init; } = 10_000;
    public int LedgerLimit { get; init; } = 20;
}
