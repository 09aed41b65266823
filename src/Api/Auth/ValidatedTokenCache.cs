using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hongbao.Api.Auth;

/// <summary>
/// Validates a bearer token once and remembers the result until the token expires, so a client that sends the same
/// token on every request pays for its signature check once. Checking an HMAC signature and parsing the claims cost
/// more CPU per request than anything else the API node does before its grain call.
/// </summary>
/// <remarks>
/// A remembered result is used only while the token has not expired by <paramref name="time"/>, and only if the key
/// that verified it is still one of the keys the current parameters accept: a token is never served from memory after
/// its expiry or after its key was rotated out. Entries are keyed by a SHA-256 hash of the token, so the cache holds
/// no token a memory dump could replay. At most <paramref name="capacity"/> tokens are remembered.
/// </remarks>
public sealed class ValidatedTokenCache(JsonWebTokenHandler inner, TimeProvider time, int capacity) : TokenHandler, IDisposable
{
    private readonly MemoryCache validated = new(new MemoryCacheOptions { SizeLimit = capacity });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var key = HashOf(token);
        var now = time.GetUtcNow();
        if (validated.TryGetValue(key, out TokenValidationResult? remembered) && remembered is { SecurityToken: JsonWebToken jwt }
            && jwt.ValidTo > now.UtcDateTime && IsAccepted(jwt.SigningKey, validationParameters))
        {
            return remembered;
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken valid && valid.ValidTo > now.UtcDateTime)
        {
            // Built now, while one request owns the result: later readers share it and must not race to build it.
            _ = result.ClaimsIdentity;
            validated.Set(key, result, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = new DateTimeOffset(valid.ValidTo, TimeSpan.Zero) });
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public void Dispose() => validated.Dispose();

    private static bool IsAccepted(SecurityKey? signingKey, TokenValidationParameters parameters) =>
        signingKey is not null
        && (ReferenceEquals(parameters.IssuerSigningKey, signingKey) || (parameters.IssuerSigningKeys?.Contains(signingKey) ?? false));

    private static string HashOf(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToBase64String(hash);
    }
}
