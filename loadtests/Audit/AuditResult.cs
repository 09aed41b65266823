namespace Hongbao.LoadTests.Audit;

/// <summary>The verdict of a post-run audit: findings are violations, notes are context (never a failure).</summary>
public sealed record AuditResult(string Name, bool Passed, IReadOnlyList<string> Findings, IReadOnlyList<string> Notes)
{
    /// <summary>The money totals the audit balanced, when it audited money; reports from several generators add them up.</summary>
    public MoneyTotals? Money { get; init; }

    public static AuditResult Pass(string name, params IReadOnlyList<string> notes) => new(name, true, [], notes);

    public static AuditResult FromFindings(string name, IReadOnlyList<string> findings, IReadOnlyList<string> notes) =>
        new(name, findings.Count == 0, findings, notes);

    public string Verdict => Passed ? "PASSED" : "FAILED";
}

/// <summary>
/// Deposits, wallet balances and money held by envelopes (a range while grabs of unsettled envelopes may not be
/// credited yet), in fen. Money is conserved when deposits lie within wallets + held.
/// </summary>
public sealed record MoneyTotals(long DepositsFen, long WalletsFen, long HeldLowFen, long HeldHighFen)
{
    public bool IsConserved => DepositsFen >= WalletsFen + HeldLowFen && DepositsFen <= WalletsFen + HeldHighFen;

    public MoneyTotals Plus(MoneyTotals other) => new(
        DepositsFen + other.DepositsFen, WalletsFen + other.WalletsFen, HeldLowFen + other.HeldLowFen, HeldHighFen + other.HeldHighFen);

    public string Describe() => $"deposits {DepositsFen} fen, wallets {WalletsFen}, held by envelopes {HeldLowFen}..{HeldHighFen}";
}
