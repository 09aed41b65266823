namespace Hongbao.Api.Auth;

/// <summary>
/// The signing key of embedded development mode. It is public (it is in the source), so it is refused
/// everywhere else: a token signed with it must never be accepted by a real deployment.
/// </summary>
public static class DevelopmentSigningKey
{
    public const string Value = "hongbao-embedded-development-signing-key-not-a-secret";
}
