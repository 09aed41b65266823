using System.Diagnostics;
using System.Net;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Silo.Telemetry;

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

    private static bool IsGrabRequest(Activity span, string envelopeId) =>
        span.Kind == ActivityKind.Server
        && span.GetTagItem("http.request.method") as string == "POST"
        && span.GetTagItem("url.path") as string == $"/envelopes/{envelopeId}/grabs";
}
