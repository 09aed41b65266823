namespace Hongbao.Api.Dev;

public sealed record DevTokenRequest(string? UserId, IReadOnlyList<string>? Roles);
