namespace Hongbao.LoadTests.Cli;

/// <summary>
/// How the CLI reaches an engine it starts itself; a null factory means that mode is not available in this build.
/// <c>EmbeddedHost</c> gets the <c>--api-dll</c> path, or null to find the API built beside the tool.
/// </summary>
public sealed record EngineSeams(Func<string?, IEngineHost>? EmbeddedHost, Func<IGrainApiHost>? GrainHost)
{
    /// <summary>No engine: <c>--embedded</c> and <c>--mode grain</c> say they are not available (tests of the CLI alone).</summary>
    public static readonly EngineSeams NotWired = new(null, null);
}
