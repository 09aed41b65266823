namespace Hongbao.LoadTests.Harness;

/// <summary>Hands out scenario-wide iteration numbers, starting at 0.</summary>
internal sealed class InvocationCounter
{
    private long next = -1;

    public long Next() => Interlocked.Increment(ref next);

    /// <summary>How many numbers were handed out: the next one is this.</summary>
    public long Issued => Interlocked.Read(ref next) + 1;
}
