using System.Diagnostics;
using System.Net;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// What a client does with 503 overloaded: waits as long as Retry-After asks and sends the request again. The API
/// answers 503 when the engine did not answer within its grain-call timeout (a busy machine) or lost a gateway, and
/// the request may have been carried out all the same; so only requests that are safe to repeat come here, rebuilt
/// identically for every attempt (the same Idempotency-Key). Bounded in attempts and in time, so that an engine that
/// stays overloaded fails the test instead of stalling it.
/// </summary>
public static class OverloadRetry
{
    public const int AttemptsMax = 30;

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The API always sends Retry-After with 503; a 503 from anywhere else gets the API's own 1 s.</summary>
    private static readonly TimeSpan RetryAfterDefault = TimeSpan.FromSeconds(1);

    /// <summary>The first answer that is not 503, for the caller to dispose; throws once the attempts or the time run out.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, Func<HttpRequestMessage> build, string what)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }

            var wait = WaitOf(response);
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (attempt == AttemptsMax || elapsed + wait > Deadline)
            {
                throw new InvalidOperationException($"{what} was still answered 503 after {attempt} attempts in {elapsed.TotalSeconds:F1} s: {body}");
            }

            await Task.Delay(wait);
        }
    }

    private static TimeSpan WaitOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => TimeSpan.FromTicks(Math.Max(0, (date - DateTimeOffset.UtcNow).Ticks)),
        _ => RetryAfterDefault,
    };
}
