using System.Diagnostics;

namespace Hongbao.LoadTests.Harness;

/// <summary>NBomber-style named step: times the action and records it under the step's name.</summary>
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
            var elapsed = Stopwatch.GetElapsedTime(started);
            recorded.Collector.RecordStep(name, response, elapsed);
        }
        return response;
    }
}
