using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// Maps API outcomes onto harness responses. Problem codes listed as expected (e.g. <c>envelope_exhausted</c>)
/// are correct answers to the load we send, so they count as OK under their own status label
/// ("409 envelope_exhausted") instead of inflating the fail rate.
/// </summary>
public static class ResponseMapping
{
    public static IResponse ToResponse<T>(this ApiResult<T> result, params string[] expectedProblemCodes) where T : class
    {
        if (result.IsSuccess) return Response.Ok(result.StatusCode, result.SizeBytes);
        if (result.IsUnanswered) return Response.Fail("no answer", result.Message);
        var label = result.ProblemCode is null ? $"{result.StatusCode}" : $"{result.StatusCode} {result.ProblemCode}";
        return result.ProblemCode is not null && expectedProblemCodes.Contains(result.ProblemCode)
            ? Response.Ok(label, result.SizeBytes)
            : Response.Fail(label, result.Message, result.SizeBytes);
    }
}
