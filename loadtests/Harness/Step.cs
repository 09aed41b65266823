using System.Diagnostics;

namespace Hongbao.LoadTests.Harness;

/// <summary>
/// NBomber-style named step: times the action and records it under the step's name. A step's latency counts
/// from when it was meant to start (the first step: the iteration's intended start; later steps: the previous
/// step's end), so a late start shows; its service time counts from when it actually started.
/// </summary>
public static class Step
{
    public static async Task<IResponse> Run(string name, IScenarioContext context, Func<Task<IResponse>> action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var started = Stopwatch.GetTimestamp();
        IResponse response;
        try
        {
            response = await action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            // A throwing step is a failed request, not a crashed run.
            response = Response.Fail("exception", $"{ex.GetType().Name}: {ex.Message}");
        }

        if (context is ScenarioContext recorded)
        {
            var ended = Stopwatch.GetTimestamp();
            var intended = Math.Min(recorded.NextStepIntended, started);
            recorded.Collector.RecordStep(name, response,
                latency: Stopwatch.GetElapsedTime(intended, ended), serviceTime: Stopwatch.GetElapsedTime(started, ended));
            recorded.NextStepIntended = ended;
        }
        return response;
    }
}
