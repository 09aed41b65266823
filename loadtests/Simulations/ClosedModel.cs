namespace Hongbao.LoadTests.Simulations;

/// <summary>Pure virtual-user math for the closed model.</summary>
public static class ClosedModel
{
    /// <summary>Copies active at <paramref name="elapsed"/> into a phase ramping from <paramref name="startCopies"/>.</summary>
    public static int CopiesAt(int startCopies, int endCopies, TimeSpan during, TimeSpan elapsed)
    {
        var fraction = Math.Clamp(elapsed / during, 0, 1);
        return (int)Math.Round(startCopies + (endCopies - startCopies) * fraction, MidpointRounding.AwayFromZero);
    }

    /// <summary>The copies a phase ends on, which the next RampingConstant starts from.</summary>
    public static int EndCopies(LoadSimulation simulation, int previousCopies) => simulation switch
    {
        KeepConstant keep => keep.Copies,
        RampingConstant ramp => ramp.Copies,
        IterationsForConstant iterations => iterations.Copies,
        Pause => previousCopies,
        _ => 0,
    };
}
