namespace Hongbao.Grains.Common;

/// <summary>The random source of lucky splits: injectable so that tests and load tests are reproducible.</summary>
public interface IShareRandom
{
    /// <summary>A uniform integer in [minInclusive, maxInclusive].</summary>
    long NextInclusive(long minInclusive, long maxInclusive);
}
