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

    private string Mint(string subject, string[] roles, string key, DateTime issuedAt, TimeSpan lifetime) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = roles },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
