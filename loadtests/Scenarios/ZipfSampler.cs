namespace Hongbao.LoadTests.Scenarios;

/// <summary>Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s: a few items get most of the traffic.</summary>
public sealed class ZipfSampler
{
    private readonly double[] cumulative;

    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        cumulative = new double[count];
        double sum = 0;
        for (var rank = 0; rank < count; rank++)
        {
            sum += 1 / Math.Pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (var rank = 0; rank < count; rank++)
        {
            cumulative[rank] /= sum;
        }
    }

    public int Count => cumulative.Length;

    public int Next(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index >= 0 ? index : ~index, cumulative.Length - 1);
    }
}
