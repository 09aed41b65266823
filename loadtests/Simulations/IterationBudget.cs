namespace Hongbao.LoadTests.Simulations;

/// <summary>A shared countdown of iterations for <see cref="IterationsForConstant"/>.</summary>
internal sealed class IterationBudget(long iterations)
{
    private long remaining = iterations;

    public bool IsSpent => Volatile.Read(ref remaining) <= 0;

    public bool TryTake() => Interlocked.Decrement(ref remaining) >= 0;
}
