namespace Hongbao.Contracts.Wallets;

/// <summary>For Applied and Replayed, <see cref="BalanceFen"/> is the balance right after the deposit.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.deposit-result")]
public sealed record DepositResult(
    [property: Id(0)] DepositOutcome Outcome,
    [property: Id(1)] long BalanceFen);
