namespace Hongbao.Api.OpenApi;

/// <summary>
/// The identifier and header rules as ECMA-262 patterns for the OpenAPI document (the code checks them with .NET
/// regexes anchored by \z; these say the same to clients). OpenApiDocumentTests checks them against the code.
/// </summary>
public static class WirePatterns
{
    public const string UserId = "^[A-Za-z0-9_-]{1,64}$";
    public const string EnvelopeId = "^env_[0-9a-f]{32}$";
    public const string Role = "^[a-z0-9_-]{1,32}$";
    public const string IdempotencyKey = "^[!-~]+$";
}
