namespace Hongbao.Api.Errors;

/// <summary>The stable machine-readable <c>code</c> of every problem response (the error table of docs/api.md).</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotInAudience = "not_in_audience";
    public const string EnvelopeNotFound = "envelope_not_found";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string EnvelopeExhausted = "envelope_exhausted";
    public const string EnvelopeExpired = "envelope_expired";
    public const string InsufficientFunds = "insufficient_funds";
    public const string PayloadTooLarge = "payload_too_large";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyKeyRequired = "idempotency_key_required";
    public const string RateLimited = "rate_limited";
    public const string Overloaded = "overloaded";
    public const string InternalError = "internal_error";
}
