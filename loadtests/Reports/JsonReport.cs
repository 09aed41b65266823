using System.Text.Json;
using System.Text.Json.Serialization;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Output;

namespace Hongbao.LoadTests.Reports;

/// <summary>The machine-readable report. Bump <see cref="SchemaVersion"/> on any breaking change of its shape.</summary>
public static class JsonReport
{
    /// <summary>
    /// 2: encoded histograms, refusals and success rates, money totals in audits. 3: success rates over the window
    /// before exhaustion (<c>exhaustedAtSeconds</c>, <c>successWindowSeconds</c>), server CPU per success.
    /// </summary>
    public const int SchemaVersion = 3;

    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(RunResult result) => JsonSerializer.Serialize(new
    {
        schemaVersion = SchemaVersion,
        startedAt = result.StartedAt,
        seed = result.Seed,
        verdict = result.Verdict,
        passed = result.Passed,
        exitCode = result.ExitCode,
        metadata = result.Metadata,
        scenarios = result.Scenarios.Select(s => new
        {
            stats = s.Stats,
            durationSeconds = s.Stats.Duration.TotalSeconds,
            exhaustedAtSeconds = s.Stats.ExhaustedAt?.TotalSeconds,
            successWindowSeconds = s.Stats.SuccessWindow.TotalSeconds,
            audit = s.Audit,
        }),
        serverCpu = result.ServerCpu is { } cpu
            ? new
            {
                nodes = cpu.Nodes.Select(node => new { node.Node, node.CpuSeconds, microsPerSuccess = cpu.MicrosPerSuccess(node) }),
                cpu.Successes,
                cpu.TotalCpuSeconds,
                cpu.TotalMicrosPerSuccess,
            }
            : null,
        thresholds = result.Thresholds,
        audits = result.Audits,
        verdictLines = ResultLines.Describe(result),
    }, Options);
}
