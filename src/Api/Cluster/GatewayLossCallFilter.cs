using System.Reflection;
using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Cluster;

/// <summary>
/// Fails at once (SiloUnavailableException, answered 503 with Retry-After) an engine call that is in flight when a
/// gateway connection closes, instead of leaving it to Orleans' response timeout. The call may still have been
/// carried out, and which gateway carried it is not known, so this is correct only because every engine call the
/// API makes is safe to repeat (docs/operations.md, "Failure detection"): reads; a grab, which grants a user at most
/// one share and answers a repeat with the same share; creates and deposits, which carry the client's
/// Idempotency-Key and replay the first outcome. A new engine call that is not safe to repeat must not pass here.
/// Calls to Orleans' own system targets are left alone.
/// </summary>
public sealed class GatewayLossCallFilter(GatewayLoss gatewayLoss) : IOutgoingGrainCallFilter
{
    private static readonly Assembly EngineContracts = typeof(IEnvelopeGrain).Assembly;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.Request.GetInterfaceType().Assembly != EngineContracts)
        {
            await context.Invoke();
            return;
        }

        var lost = gatewayLoss.Token;
        var call = context.Invoke();
        try
        {
            await call.WaitAsync(lost);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            if (call.IsCompleted)
            {
                await call;
                return;
            }

            // Orleans still completes the abandoned call, with its timeout: observe that ending so it is not reported
            // as an unobserved task exception.
            _ = call.ContinueWith(static abandoned => abandoned.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            throw new SiloUnavailableException("A gateway connection closed while this call was in flight; it may or may not have been carried out.");
        }
    }
}
