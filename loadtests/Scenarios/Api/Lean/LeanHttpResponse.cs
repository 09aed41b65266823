namespace Hongbao.LoadTests.Scenarios.Api.Lean;

/// <summary>One HTTP/1.1 answer as the generator needs it: status, the whole body, and <c>Retry-After</c>.</summary>
public sealed record LeanHttpResponse(int StatusCode, byte[] Body, TimeSpan? RetryAfter)
{
    public bool IsSuccessStatusCode => StatusCode is >= 200 and < 300;
}
