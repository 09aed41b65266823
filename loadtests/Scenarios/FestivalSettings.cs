namespace Hongbao.LoadTests.Scenarios;

/// <summary><c>CustomSettings</c> of <c>festival</c>.</summary>
public sealed record FestivalSettings
{
    public int Users { get; init; } = 2_000;
    public int Senders { get; init; } = 200;
    public long SenderFundsFen { get; init; } = 10_000_000;
    public int InitialEnvelopes { get; init; } = 50;

    /// <summary>Share of iterations that create an envelope; the rest grab.</summary>
    public double CreateRatio { get; init; } = 0.1;

    public int MinShares { get; init; } = 3;
    public int MaxShares { get; init; } = 50;
    public long MinShareFen { get; init; } = 20;
    public long MaxShareFen { get; init; } = 500;

    /// <summary>Popularity skew over the newest envelopes (Zipf exponent) and how many stay grabbable.</summary>
    public double ZipfExponent { get; init; } = 1.1;
    public int ActiveEnvelopes { get; init; } = 500;
}
