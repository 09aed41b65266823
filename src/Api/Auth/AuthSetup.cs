using System.Text;
using Hongbao.Contracts.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Hongbao.Api.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddHongbaoAuth(this IServiceCollection services)
    {
        services.AddSingleton<AuthOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<AuthOptions>>(sp => sp.GetRequiredService<AuthOptionsSetup>());
        services.AddSingleton<IValidateOptions<AuthOptions>>(sp => sp.GetRequiredService<AuthOptionsSetup>());
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            var options = auth.Value;
            // Keep "sub" and "role" as they are in the token instead of WS-* claim URIs.
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = SigningKeyOf(options),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = JwtClaims.Subject,
                RoleClaimType = Roles.ClaimType,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents { OnTokenValidated = RejectMalformedSubject };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }

    public static SymmetricSecurityKey SigningKeyOf(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey!));

    // The subject becomes a grain key: a token whose subject is not a user id is as good as no token.
    private static Task RejectMalformedSubject(TokenValidatedContext context)
    {
        if (!UserId.IsValid(context.Principal?.FindFirst(JwtClaims.Subject)?.Value))
        {
            context.Fail("The token subject is not a user id (1-64 characters of [A-Za-z0-9_-]).");
        }

        return Task.CompletedTask;
    }
}
