using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios;

namespace Hongbao.LoadTests.Cli;

/// <summary>The built-in scenarios the CLI can run, with their default load.</summary>
public static class ScenarioCatalog
{
    public sealed record Entry(string Name, string Description, int DefaultRatePerSecond, Func<HongbaoTarget, ScenarioProps> Create);

    public static readonly IReadOnlyList<Entry> All =
    [
        new(HotEnvelopeScenario.Name, "one admin-funded lucky envelope with a huge share count; a crowd of distinct users grabs it once each",
            1000, HotEnvelopeScenario.Create),
        new(FestivalScenario.Name, "many envelopes of group sizes 3-50, senders creating while users grab, Zipf-skewed popularity",
            500, FestivalScenario.Create),
        new(WalletReadScenario.Name, "funded users read GET /wallets/me and GET /wallets/me/ledger",
            1000, WalletReadScenario.Create),
        new(PingScenario.Name, "anonymous GET /health/live: the harness's own ceiling (compare with wrk on the same URL)",
            1000, PingScenario.Create),
    ];

    public static Entry? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
