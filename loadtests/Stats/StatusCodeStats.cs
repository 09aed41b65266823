namespace Hongbao.LoadTests.Stats;

public sealed record StatusCodeStats(string StatusCode, bool IsError, long Count, string Message)
{
    /// <summary>An OK answer that was an expected refusal, not a success.</summary>
    public bool IsRefusal { get; init; }
}
