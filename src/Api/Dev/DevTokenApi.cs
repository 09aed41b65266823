using System.Text.RegularExpressions;
using Hongbao.Api.Auth;
using Hongbao.Api.Errors;
using Hongbao.Api.Hosting;
using Hongbao.Api.RateLimiting;
using Hongbao.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hongbao.Api.Dev;

public static partial class DevTokenApi
{
    public const int RolesMax = 8;

    /// <summary>
    /// Maps POST /dev/token in embedded development mode (and in a local development cluster that asks for it with
    /// Hongbao:Auth:DevTokensInCluster); everywhere else the route does not exist (404).
    /// </summary>
    public static IEndpointRouteBuilder MapDevTokenApi(this WebApplication app)
    {
        var embedded = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.Mode == HostingMode.Embedded;
        var clusterDevTokens = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokensInCluster;
        if ((embedded || clusterDevTokens) && app.Environment.IsDevelopment())
        {
            app.MapPost("/dev/token", Issue).WithTags("Development").WithName("IssueDevToken").AllowAnonymous()
                .WithSummary("Issue a development token")
                .WithDescription("Embedded Development mode only (404 elsewhere): a signed token for any user id, with the given roles.")
                .RequireRateLimiting(RateLimitPolicies.DevTokens)
                .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        }

        return app;
    }

    public static Results<Ok<DevTokenResponse>, ProblemHttpResult> Issue(DevTokenRequest request, IOptions<AuthOptions> authOptions, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (!UserId.IsValid(request.UserId))
        {
            errors["userId"] = ["userId is required: 1-64 characters of [A-Za-z0-9_-]."];
        }

        var roles = request.Roles ?? [];
        if (roles.Count > RolesMax || roles.Any(role => role is null || !RolePattern().IsMatch(role)))
        {
            errors["roles"] = [$"roles must be at most {RolesMax} names of 1-32 characters of [a-z0-9_-]."];
        }

        if (errors.Count > 0)
        {
            return Problems.ValidationFailed(errors);
        }

        var auth = authOptions.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.DevTokenLifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtClaims.Subject] = request.UserId!,
                [Roles.ClaimType] = roles.Distinct(StringComparer.Ordinal).ToArray(),
            },
            SigningCredentials = new SigningCredentials(AuthSetup.SigningKeyOf(auth), SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new DevTokenResponse(token, "Bearer", (long)auth.DevTokenLifetime.TotalSeconds));
    }

    [GeneratedRegex("^[a-z0-9_-]{1,32}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RolePattern();
}
