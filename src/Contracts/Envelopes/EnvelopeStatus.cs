namespace Hongbao.Contracts.Envelopes;

[GenerateSerializer, Alias("hongbao.envelope-status")]
public enum EnvelopeStatus
{
    Open = 0,
    Exhausted = 1,
    Expired = 2,
    Settled = 3,
}
