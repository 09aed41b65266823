namespace Hongbao.Tests.Persistence;

/// <summary>
/// Runs async code one turn at a time, first in first out, on the test's thread: the way a grain's scheduler
/// runs a grain. Every continuation is queued here, so an interleaving written in the test is the one that runs.
/// </summary>
public sealed class SingleThreadedTurns : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> turns = new();

    public override void Post(SendOrPostCallback d, object? state) => turns.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Runs <paramref name="test"/> and every turn it queues until it completes (bounded).</summary>
    public static async Task RunAsync(Func<Task> test)
    {
        var previous = Current;
        var turns = new SingleThreadedTurns();
        SetSynchronizationContext(turns);
        Task done;
        try
        {
            done = test();
            for (var turn = 0; !done.IsCompleted; turn++)
            {
                Assert.True(turn < 10_000 && turns.turns.Count > 0, "the test is stuck: nothing left to run and it has not completed");
                var (callback, state) = turns.turns.Dequeue();
                callback(state);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }

        await done;
    }
}
