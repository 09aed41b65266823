namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>Envelope status and grab outcome names as the wire spells them.</summary>
public static class WireNames
{
    public const string Open = "open";
    public const string Exhausted = "exhausted";
    public const string Expired = "expired";
    public const string Settled = "settled";
    public const string Granted = "granted";
    public const string AlreadyGrabbed = "alreadyGrabbed";
    public const string EnvelopeExhausted = "envelope_exhausted";
    public const string InsufficientFunds = "insufficient_funds";
}
