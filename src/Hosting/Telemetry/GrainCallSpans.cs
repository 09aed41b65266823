using System.Diagnostics;

namespace Hongbao.Hosting.Telemetry;

/// <summary>
/// Grain calls as spans of a recorded trace, carried between caller and grain in the Orleans RequestContext.
/// Replaces Orleans' AddActivityPropagation, which creates two activities, a traceparent string and a RequestContext
/// entry for every grain call even when the trace is not sampled (about a quarter of telemetry's cost per grab,
/// docs/benchmarks.md "HTTP path"). Here an unsampled call costs a check and nothing else.
/// </summary>
public static class GrainCallSpans
{
    public const string SourceName = "Hongbao.GrainCalls";

    public static readonly ActivitySource Source = new(SourceName);

    internal const string TraceParentKey = "traceparent";
    internal const string TraceStateKey = "tracestate";

    internal static async Task TraceAsync(IGrainCallContext context, Activity activity)
    {
        using (activity)
        {
            activity.SetTag("rpc.system", "orleans");
            activity.SetTag("rpc.service", context.InterfaceName);
            activity.SetTag("rpc.method", context.MethodName);
            try
            {
                await context.Invoke();
            }
            catch (Exception e)
            {
                activity.SetStatus(ActivityStatusCode.Error, e.Message);
                activity.AddException(e);
                throw;
            }
        }
    }
}
