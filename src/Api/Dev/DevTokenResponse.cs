namespace Hongbao.Api.Dev;

/// <summary><see cref="ExpiresIn"/> is in seconds, as in OAuth token responses.</summary>
public sealed record DevTokenResponse(string AccessToken, string TokenType, long ExpiresIn);
