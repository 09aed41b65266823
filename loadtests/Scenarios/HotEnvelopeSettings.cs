namespace Hongbao.LoadTests.Scenarios;

/// <summary><c>CustomSettings</c> of <c>hot-envelope</c>.</summary>
public sealed record HotEnvelopeSettings
{
    /// <summary>
    /// Shares of the one envelope (<c>--shares</c>); null sizes it to 90% of the planned grabs (so it exhausts and
    /// settles), at most 100,000, or 100,000 in the closed model, whose grab count is not known in advance.
    /// </summary>
    public int? Shares { get; init; }
    public long AverageShareFen { get; init; } = 100;

    /// <summary>Tokens fetched before the load starts, so grabs are not timed with a token fetch.</summary>
    public int PrepareUsersMax { get; init; } = 200_000;
}
