namespace Hongbao.LoadTests.Cli;

/// <summary>The <c>run</c> command's flags as parsed; null means "not given" so the config file can supply it.</summary>
public sealed record RunOptions
{
    public required string Scenario { get; init; }
    public IReadOnlyList<string> Targets { get; init; } = [];
    public bool Embedded { get; init; }
    public string? ConfigPath { get; init; }
    public TimeSpan? Duration { get; init; }
    public TimeSpan? WarmUp { get; init; }
    public int? Rate { get; init; }
    public int? Copies { get; init; }
    public int? MaxInFlight { get; init; }
    public IReadOnlyList<string> Thresholds { get; init; } = [];
    public string? ReportDir { get; init; }
    public int? Seed { get; init; }
    public string? Mode { get; init; }
    public bool AllowRemoteTarget { get; init; }
    public int? Shares { get; init; }
    public string? Arrivals { get; init; }
    public bool AbortOnFail { get; init; }
    public string? ApiDll { get; init; }
    public string? RunId { get; init; }
    public int RetryGrabs { get; init; }
    public IReadOnlyList<string> ServerMetricsUrls { get; init; } = [];
}
