namespace Hongbao.Api.Auth;

public static class Roles
{
    public const string Admin = "admin";

    /// <summary>The claim that carries roles in our tokens (the JWT's "role" member, not the long WS-* name).</summary>
    public const string ClaimType = "role";

    public const string AdminPolicy = "admin";
}
