using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// Maps API outcomes onto harness responses. Problem codes listed as expected (e.g. <c>envelope_exhausted</c>)
/// are correct answers to the load we send: they count as OK under their own status label
/// ("409 envelope_exhausted") instead of inflating the fail rate, and as refusals, not successes, so the
/// headline success rate counts only what the user wanted (a grant, a created envelope).
/// </summary>
public static class ResponseMapping
{
    public static IResponse ToResponse<T>(this ApiResult<T> result, params string[] expectedProblemCodes) where T : class
    {
        if (result.IsSuccess)
        {
            return Response.Ok(result.StatusCode, result.SizeBytes);
        }

        if (result.IsUnanswered)
        {
            return Response.Fail("no answer", result.Message);
        }

        var label = result.ProblemCode is null ? $"{result.StatusCode}" : $"{result.StatusCode} {result.ProblemCode}";
        return result.ProblemCode is not null && expectedProblemCodes.Contains(result.ProblemCode)
            ? Response.Refused(label, result.SizeBytes)
            : Response.Fail(label, result.Message, result.SizeBytes);
    }

    /// <summary>A grab: granted is the success; a repeat grab (<c>200 alreadyGrabbed</c>) and an exhausted envelope are refusals.</summary>
    public static IResponse ToGrabResponse(this ApiResult<GrabView> grab) =>
        grab.Value is { Outcome: WireNames.AlreadyGrabbed }
            ? Response.Refused($"{grab.StatusCode} {WireNames.AlreadyGrabbed}", grab.SizeBytes)
            : grab.ToResponse(WireNames.EnvelopeExhausted);
}
