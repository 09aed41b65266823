namespace Hongbao.Contracts.Envelopes;

[GenerateSerializer, Alias("hongbao.envelope-kind")]
public enum EnvelopeKind
{
    Lucky = 0,
    Fixed = 1,
}
