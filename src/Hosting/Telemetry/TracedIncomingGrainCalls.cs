using System.Diagnostics;

namespace Hongbao.Hosting.Telemetry;

/// <summary>A grain call that arrives with a trace context gets a server span under its caller's; any other runs untouched.</summary>
public sealed class TracedIncomingGrainCalls : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(GrainCallSpans.TraceParentKey) is not string traceParent
            || !ActivityContext.TryParse(traceParent, RequestContext.Get(GrainCallSpans.TraceStateKey) as string, isRemote: true, out var caller))
        {
            return context.Invoke();
        }

        var activity = GrainCallSpans.Source.StartActivity(context.Request.GetActivityName(), ActivityKind.Server, caller);
        return activity is null ? context.Invoke() : GrainCallSpans.TraceAsync(context, activity);
    }
}
