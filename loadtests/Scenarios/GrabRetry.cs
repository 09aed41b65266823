using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios.Api;

namespace Hongbao.LoadTests.Scenarios;

/// <summary>
/// A grab as a mobile app makes it: after a timeout (no answer) or <c>503 overloaded</c> it tries again, up to
/// <see cref="HongbaoTarget.GrabRetries"/> times, after the server's <c>Retry-After</c> (bounded). A retry after a
/// lost answer may find the first attempt applied: then <c>200 alreadyGrabbed</c> with the same amount is the
/// user's grant, a success. Every attempt goes into the ledger, so the audit proves retries never double-grant
/// (one share per user, every answered amount the same).
/// </summary>
public static class GrabRetry
{
    private static readonly TimeSpan DefaultBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>The last attempt's answer, and the step's response for the whole (retried) grab.</summary>
    public static async Task<(ApiResult<GrabView> Last, IResponse Response)> GrabAsync(
        HongbaoTarget target, string userId, string envelopeId, CancellationToken cancellation)
    {
        for (var retries = 0; ; retries++)
        {
            var grab = await target.Api.GrabAsync(userId, envelopeId, cancellation);
            target.Ledger.RecordGrab(grab, userId);
            var retryable = grab.IsUnanswered || grab.StatusCode == 503;
            if (!retryable || retries >= target.GrabRetries)
            {
                return (grab, retries == 0 ? grab.ToGrabResponse() : AfterRetries(grab, retries));
            }

            var wait = grab.RetryAfter ?? DefaultBackoff;
            await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxBackoff ? MaxBackoff : wait, cancellation);
        }
    }

    private static IResponse AfterRetries(ApiResult<GrabView> grab, int retries)
    {
        var suffix = $" after {retries} {(retries == 1 ? "retry" : "retries")}";
        if (grab.Value is { Outcome: WireNames.AlreadyGrabbed })
        {
            return Response.Ok($"{grab.StatusCode} {WireNames.AlreadyGrabbed}{suffix}", grab.SizeBytes);
        }

        var single = grab.ToGrabResponse();
        var label = single.StatusCode + suffix;
        return single.IsError ? Response.Fail(label, single.Message, single.SizeBytes)
            : single.IsRefusal ? Response.Refused(label, single.SizeBytes)
            : Response.Ok(label, single.SizeBytes);
    }
}
