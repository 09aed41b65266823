namespace Hongbao.Grains.Wallets;

public enum CreditOutcome
{
    Applied = 0,
    /// <summary>Delivered again: already applied, nothing changed.</summary>
    Duplicate = 1,
}
