namespace Hongbao.Contracts.Wallets;

[GenerateSerializer, Alias("hongbao.create-envelope-outcome")]
public enum CreateEnvelopeOutcome
{
    Created = 0,
    /// <summary>The same key with the same request: the same envelope, debited once.</summary>
    Replayed = 1,
    InsufficientFunds = 2,
    IdempotencyKeyReused = 3,
    Invalid = 4,
}
