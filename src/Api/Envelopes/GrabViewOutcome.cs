namespace Hongbao.Api.Envelopes;

/// <summary>The two successful answers to a grab (docs/api.md); every other engine outcome is a problem response.</summary>
public enum GrabViewOutcome
{
    Granted = 0,
    AlreadyGrabbed = 1,
}
