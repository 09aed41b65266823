using System.Security.Claims;

namespace Hongbao.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The acting user: the token subject, checked to be a well-formed user id when the token was validated.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(JwtClaims.Subject) ?? throw new InvalidOperationException("An authenticated request has no subject.");
}
