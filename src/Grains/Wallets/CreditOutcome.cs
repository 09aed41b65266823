namespace Hongbao.Grains.Wallets;

[GenerateSerializer, Alias("hongbao.credit-outcome")]
public enum CreditOutcome
{
    Applied = 0,
    /// <summary>Delivered again: already applied, nothing changed.</summary>
    Duplicate = 1,
}
