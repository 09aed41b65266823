using Hongbao.LoadTests.Scenarios.Api;
using Hongbao.LoadTests.Scenarios.Audit;

namespace Hongbao.LoadTests.Scenarios;

/// <summary>
/// What a hongbao scenario drives and records: the API, the run's money ledger, and a run-unique user-id prefix
/// so wallets start empty even against a long-running server.
/// </summary>
public sealed record HongbaoTarget(IHongbaoApi Api, RunLedger Ledger, string UserPrefix, MoneyAuditOptions AuditOptions)
{
    /// <summary>How often a grab is tried again after a timeout or 503 (<c>--retry-grabs</c>); 0 never.</summary>
    public int GrabRetries { get; init; }

    public static string NewUserPrefix(int seed, TimeProvider time) =>
        $"lt{seed}-{time.GetUtcNow().ToUnixTimeMilliseconds():x}";

    public string User(string role, long number) => $"{UserPrefix}-{role}{number}";
}
