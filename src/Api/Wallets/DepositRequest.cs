namespace Hongbao.Api.Wallets;

/// <summary>The body of a deposit; nullable so that a missing amount is a validation error on "amount".</summary>
public sealed record DepositRequest(long? Amount);
