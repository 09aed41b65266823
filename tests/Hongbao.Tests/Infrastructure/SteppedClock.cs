namespace Hongbao.Tests.Infrastructure;

/// <summary>A wall clock the test sets, forwards or backwards, as NTP or an operator may step a real one.</summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Step(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
