namespace Hongbao.Hosting;

/// <summary>Engine-wide settings, bound from "Hongbao:Engine".</summary>
public sealed class EngineOptions
{
    public const string Section = "Hongbao:Engine";

    /// <summary>Seeds the lucky-split random source for reproducible runs; unset in production.</summary>
    public int? RandomSeed { get; set; }
}
