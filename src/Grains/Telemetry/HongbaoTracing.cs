using System.Diagnostics;

namespace Hongbao.Grains.Telemetry;

/// <summary>The <c>Hongbao</c> activity source: spans for engine work that Orleans' own grain-call spans do not show.</summary>
public static class HongbaoTracing
{
    public const string SourceName = "Hongbao";

    public static readonly ActivitySource Source = new(SourceName);
}
