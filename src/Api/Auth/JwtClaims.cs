namespace Hongbao.Api.Auth;

public static class JwtClaims
{
    public const string Subject = "sub";
}
