using Hongbao.Api.Errors;
using Hongbao.Grains.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hongbao.Api.Idempotency;

/// <summary>The Idempotency-Key header of create and deposit: required, 1..N printable ASCII characters.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>Null when the key is acceptable; otherwise the problem to answer with.</summary>
    public static ProblemHttpResult? Check(string? key, WalletOptions limits)
    {
        if (string.IsNullOrEmpty(key))
        {
            return Problems.IdempotencyKeyRequired();
        }

        var acceptable = key.Length <= limits.IdempotencyKeyLengthMax && key.All(c => c is >= '!' and <= '~');
        return acceptable
            ? null
            : Problems.ValidationFailed(Header, $"The Idempotency-Key must be 1-{limits.IdempotencyKeyLengthMax} printable ASCII characters without spaces.");
    }
}
