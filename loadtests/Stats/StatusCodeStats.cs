namespace Hongbao.LoadTests.Stats;

public sealed record StatusCodeStats(string StatusCode, bool IsError, long Count, string Message);
