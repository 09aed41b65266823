using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Hosting.Telemetry;

namespace Hongbao.Api.Tests.Telemetry;

/// <summary>One grab is one trace: the HTTP request, the grain call, and the storage write that made it durable.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class GrabTraceTests(TelemetryFixture telemetry)
{
    private ApiFixture Api => telemetry.Api;

    [Fact]
    public async Task A_grab_request_and_its_grain_call_share_one_trace()
    {
        await Api.DepositAsync("trace-sender", 10_000);
        var envelope = await Api.CreateEnvelopeAsync("trace-sender", """{"kind":"fixed","amountPerShare":10,"shares":2}""");
        using var grabber = Api.As("trace-grabber");
        var response = await grabber.PostAsync($"/envelopes/{envelope.Id}/grabs", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The server span is exported when it ends, just after the response is written.
        var request = await Eventually.MatchAsync(
            () => Task.FromResult(telemetry.Spans.Snapshot().FirstOrDefault(span => IsGrabRequest(span, envelope.Id))),
            span => span is not null,
            TimeSpan.FromSeconds(10),
            "the grab's HTTP span");

        var trace = telemetry.Spans.Snapshot().Where(span => span.TraceId == request!.TraceId).ToList();
        var names = string.Join(", ", trace.Select(span => $"{span.Source.Name}:{span.DisplayName}"));
        Assert.True(trace.Any(span => span.Source.Name == GrainCallSpans.SourceName && span.DisplayName.Contains("grab", StringComparison.OrdinalIgnoreCase)), $"no Orleans grain-call span for the grab in its trace: {names}");
        Assert.True(trace.Any(span => span.Source.Name == "Hongbao" && span.DisplayName == "hongbao.group_commit.write"), $"no group-commit write span in the grab's trace: {names}");
    }

    /// <summary>
    /// A caller that did not sample its trace keeps that decision, and its grain calls then start no activity at all.
    /// Orleans' own propagation started one per grain call as the root of a new trace (recorded at the sampling
    /// ratio, so 1% of grain calls became orphan traces). The sampled grab beside it shows the listener does see
    /// grain-call activities.
    /// </summary>
    [Fact]
    public async Task An_unsampled_grab_starts_no_grain_call_activity()
    {
        await Api.DepositAsync("untraced-sender", 10_000);
        var envelope = await Api.CreateEnvelopeAsync("untraced-sender", """{"kind":"fixed","amountPerShare":10,"shares":2}""");
        var unsampled = ActivityTraceId.CreateRandom();
        var sampled = ActivityTraceId.CreateRandom();
        var grainCalls = new ConcurrentQueue<(ActivityTraceId TraceId, bool IsRoot, string Name)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GrainCallSpans.SourceName || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = activity => grainCalls.Enqueue((activity.TraceId, activity.ParentSpanId == default, $"{activity.Source.Name}:{activity.DisplayName}")),
        };
        ActivitySource.AddActivityListener(listener);

        Assert.Equal(HttpStatusCode.Created, await GrabWithTraceParentAsync(envelope.Id, "untraced-grabber", unsampled, "00"));
        Assert.Equal(HttpStatusCode.Created, await GrabWithTraceParentAsync(envelope.Id, "traced-grabber", sampled, "01"));

        var seen = grainCalls.ToArray();
        Assert.Contains(seen, call => call.TraceId == sampled);
        Assert.DoesNotContain(seen, call => call.TraceId == unsampled || call.IsRoot);
    }

    private async Task<HttpStatusCode> GrabWithTraceParentAsync(string envelopeId, string userId, ActivityTraceId traceId, string flags)
    {
        using var grabber = Api.As(userId);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/envelopes/{envelopeId}/grabs");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-{flags}");
        using var response = await grabber.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static bool IsGrabRequest(Activity span, string envelopeId) =>
        span.Kind == ActivityKind.Server
        && span.GetTagItem("http.request.method") as string == "POST"
        && span.GetTagItem("url.path") as string == $"/envelopes/{envelopeId}/grabs";
}
