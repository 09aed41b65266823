namespace Hongbao.Contracts.Wallets;

[GenerateSerializer, Alias("hongbao.deposit-outcome")]
public enum DepositOutcome
{
    Applied = 0,
    /// <summary>The same key with the same amount: the original answer again, nothing applied twice.</summary>
    Replayed = 1,
    IdempotencyKeyReused = 2,
    Invalid = 3,
}
