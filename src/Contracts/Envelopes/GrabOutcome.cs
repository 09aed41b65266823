namespace Hongbao.Contracts.Envelopes;

[GenerateSerializer, Alias("hongbao.grab-outcome")]
public enum GrabOutcome
{
    Granted = 0,
    AlreadyGrabbed = 1,
    Exhausted = 2,
    Expired = 3,
    NotInAudience = 4,
    NotFound = 5,
    /// <summary>The settlement backlog is over its bound; retry later.</summary>
    Overloaded = 6,
}
