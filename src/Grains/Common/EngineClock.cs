namespace Hongbao.Grains.Common;

/// <summary>
/// The engine's notion of "now" for expiry and timestamps. It is separate from the runtime's own
/// TimeProvider so that tests can move envelope time without moving Orleans' timers and membership.
/// </summary>
public sealed class EngineClock(TimeProvider time)
{
    public static EngineClock System { get; } = new(TimeProvider.System);

    public DateTimeOffset UtcNow => time.GetUtcNow();
}
