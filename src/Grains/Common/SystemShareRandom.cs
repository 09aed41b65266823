namespace Hongbao.Grains.Common;

public sealed class SystemShareRandom : IShareRandom
{
    public long NextInclusive(long minInclusive, long maxInclusive) =>
        Random.Shared.NextInt64(minInclusive, maxInclusive + 1);
}
