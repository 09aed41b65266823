using System.Text;
using Hongbao.Api.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hongbao.Api.Tests;

/// <summary>The memory of validated tokens must never accept what a full validation would refuse.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly SymmetricSecurityKey KeyA = new(Encoding.UTF8.GetBytes("key-a-key-a-key-a-key-a-key-a-key-a-key-a"));
    private static readonly SymmetricSecurityKey KeyB = new(Encoding.UTF8.GetBytes("key-b-key-b-key-b-key-b-key-b-key-b-key-b"));

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler inner = new();

    [Fact]
    public async Task A_token_validated_again_is_answered_from_memory()
    {
        using var cache = new ValidatedTokenCache(inner, time, capacity: 100);
        var token = Sign(KeyA, lifetime: TimeSpan.FromMinutes(10));

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await cache.ValidateTokenAsync(token, ParametersOf(KeyA))).IsValid);
        }

        Assert.Equal(1, inner.Validations);
    }

    [Fact]
    public async Task A_cached_token_past_its_expiry_is_refused()
    {
        using var cache = new ValidatedTokenCache(inner, time, capacity: 100);
        var token = Sign(KeyA, lifetime: TimeSpan.FromMinutes(10));
        Assert.True((await cache.ValidateTokenAsync(token, ParametersOf(KeyA))).IsValid);

        time.Advance(TimeSpan.FromMinutes(11));

        Assert.False((await cache.ValidateTokenAsync(token, ParametersOf(KeyA))).IsValid);
    }

    [Fact]
    public async Task A_cached_token_signed_with_a_rotated_out_key_is_refused()
    {
        using var cache = new ValidatedTokenCache(inner, time, capacity: 100);
        var token = Sign(KeyA, lifetime: TimeSpan.FromMinutes(10));
        Assert.True((await cache.ValidateTokenAsync(token, ParametersOf(KeyA))).IsValid);

        Assert.False((await cache.ValidateTokenAsync(token, ParametersOf(KeyB))).IsValid);
        Assert.True((await cache.ValidateTokenAsync(token, ParametersOf(KeyB, KeyA))).IsValid);
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered()
    {
        using var cache = new ValidatedTokenCache(inner, time, capacity: 100);
        var token = Sign(KeyB, lifetime: TimeSpan.FromMinutes(10));

        Assert.False((await cache.ValidateTokenAsync(token, ParametersOf(KeyA))).IsValid);
        Assert.False((await cache.ValidateTokenAsync(token, ParametersOf(KeyA))).IsValid);
        Assert.Equal(2, inner.Validations);
    }

    private string Sign(SecurityKey key, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "hongbao",
            Audience = "hongbao-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = "cache-user" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    // Lifetime read from the same clock as the cache, as production reads both from the system clock.
    private TokenValidationParameters ParametersOf(params SecurityKey[] keys) => new()
    {
        ValidIssuer = "hongbao",
        ValidAudience = "hongbao-api",
        IssuerSigningKeys = keys,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        LifetimeValidator = (notBefore, expires, _, _) =>
            expires > time.GetUtcNow().UtcDateTime && (notBefore is null || notBefore <= time.GetUtcNow().UtcDateTime),
    };

    private sealed class CountingHandler : JsonWebTokenHandler
    {
        public int Validations { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Validations++;
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }
}
