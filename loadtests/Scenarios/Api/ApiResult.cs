namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// One call's outcome in HTTP terms. <c>StatusCode</c> 0 means no answer arrived (timeout, connection reset):
/// the server may or may not have applied it.
/// </summary>
public sealed record ApiResult<T>(int StatusCode, T? Value, string? ProblemCode, long SizeBytes, string Message = "")
    where T : class
{
    public bool IsSuccess => StatusCode is >= 200 and < 300 && Value is not null;
    public bool IsUnanswered => StatusCode == 0;

    /// <summary>The server's <c>Retry-After</c> (on 429 and 503), if it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
