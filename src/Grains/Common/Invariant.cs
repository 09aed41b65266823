namespace Hongbao.Grains.Common;

public static class Invariant
{
    /// <summary>Checked in every build: a violated money rule must stop the operation, not be logged.</summary>
    public static void Ensure(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvariantViolationException($"Invariant violated: {rule}");
        }
    }
}
