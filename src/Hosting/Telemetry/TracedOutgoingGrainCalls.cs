using System.Diagnostics;

namespace Hongbao.Hosting.Telemetry;

/// <summary>A grain call made inside a recorded trace gets a client span, and its context travels with the call.</summary>
public sealed class TracedOutgoingGrainCalls : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Activity.Current is not { Recorded: true })
        {
            return context.Invoke();
        }

        var activity = GrainCallSpans.Source.StartActivity(context.Request.GetActivityName(), ActivityKind.Client);
        if (activity is null)
        {
            return context.Invoke();
        }

        // A started activity always has an id: the W3C traceparent of this call.
        RequestContext.Set(GrainCallSpans.TraceParentKey, activity.Id ?? string.Empty);
        if (activity.TraceStateString is { } traceState)
        {
            RequestContext.Set(GrainCallSpans.TraceStateKey, traceState);
        }

        return GrainCallSpans.TraceAsync(context, activity);
    }
}
