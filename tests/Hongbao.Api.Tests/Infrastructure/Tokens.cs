using System.Text;
using Hongbao.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hongbao.Api.Tests.Infrastructure;

/// <summary>Mints bearer tokens like an issuer would, including the broken ones the API must refuse.</summary>
public sealed class Tokens(AuthOptions auth)
{
    public string For(string userId, params string[] roles) => Mint(userId, roles, auth.SigningKey!, DateTime.UtcNow, TimeSpan.FromHours(1));

    public string Expired(string userId) => Mint(userId, [], auth.SigningKey!, DateTime.UtcNow.AddHours(-2), TimeSpan.FromHours(1));

    public string SignedWithAnotherKey(string userId) => Mint(userId, [], "another-key-that-is-long-enough-to-sign-hs256", DateTime.UtcNow, TimeSpan.FromHours(1));

    public string WithSubject(string subject) => Mint(subject, [], auth.SigningKey!, DateTime.UtcNow, TimeSpan.FromHours(1));

    public string WithLifetime(string userId, TimeSpan lifetime) => Mint(userId, [], auth.SigningKey!, DateTime.UtcNow.AddMinutes(-1), lifetime);

    public string WithIssuer(string userId, string issuer) => Mint(userId, [], auth.SigningKey!, DateTime.UtcNow, TimeSpan.FromHours(1), issuer: issuer);

    public string WithAudience(string userId, string audience) => Mint(userId, [], auth.SigningKey!, DateTime.UtcNow, TimeSpan.FromHours(1), audience: audience);

    /// <summary>An unsigned token (alg "none") that is otherwise valid: header and claims, an empty signature.</summary>
    public string Unsigned(string userId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        return Part("""{"alg":"none","typ":"JWT"}""") + "."
            + Part($$"""{"sub":"{{userId}}","iss":"{{auth.Issuer}}","aud":"{{auth.Audience}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 3600}}}""") + ".";
    }

    private string Mint(string subject, string[] roles, string key, DateTime issuedAt, TimeSpan lifetime, string? issuer = null, string? audience = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? auth.Issuer,
            Audience = audience ?? auth.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = roles },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
