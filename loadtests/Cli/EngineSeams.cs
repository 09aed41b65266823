namespace Hongbao.LoadTests.Cli;

/// <summary>How the CLI reaches an in-process engine; a null factory means that mode is not available in this build.</summary>
public sealed record EngineSeams(Func<IEngineHost>? EmbeddedHost, Func<IGrainApiHost>? GrainHost)
{
    /// <summary>Until the engine is wired in, <c>--embedded</c> and <c>--mode grain</c> say they are not available.</summary>
    public static readonly EngineSeams NotWired = new(null, null);
}
