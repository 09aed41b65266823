namespace Hongbao.Grains.Common;

/// <summary>A reproducible random source; grains of one silo share it, so access is serialized.</summary>
public sealed class SeededShareRandom(int seed) : IShareRandom
{
    private readonly Random random = new(seed);
    private readonly Lock gate = new();

    public int Seed { get; } = seed;

    public long NextInclusive(long minInclusive, long maxInclusive)
    {
        lock (gate)
        {
            return random.NextInt64(minInclusive, maxInclusive + 1);
        }
    }
}
