using System.Text;
using Hongbao.Api.Telemetry;
using Hongbao.Contracts.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
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
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ValidatedTokenCache(
            new JsonWebTokenHandler { MapInboundClaims = false }, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AuthOptions>>().Value.ValidatedTokenCacheSize));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>, IHostEnvironment, IServiceProvider>((jwt, auth, environment, provider) =>
        {
            var options = auth.Value;
            // Keep "sub" and "role" as they are in the token instead of WS-* claim URIs.
            jwt.MapInboundClaims = false;
            if (options.ValidatedTokenCacheSize > 0)
            {
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(provider.GetRequiredService<ValidatedTokenCache>());
            }

            // Why a token was refused (expired, bad signature, wrong audience) helps a forger more than a client.
            jwt.IncludeErrorDetails = environment.IsDevelopment();
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
            jwt.Events = new JwtBearerEvents { OnTokenValidated = context => RejectUnacceptable(context, options.TokenLifetimeMax) };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .AddMetricsPortPolicy();
        return services;
    }

    public static SymmetricSecurityKey SigningKeyOf(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey!));

    private static Task RejectUnacceptable(TokenValidatedContext context, TimeSpan lifetimeMax)
    {
        // The subject becomes a grain key: a token whose subject is not a user id is as good as no token.
        if (!UserId.IsValid(context.Principal?.FindFirst(JwtClaims.Subject)?.Value))
        {
            context.Fail("The token subject is not a user id (1-64 characters of [A-Za-z0-9_-]).");
        }
        else if (context.SecurityToken is not JsonWebToken token || LifetimeOf(token) is not { } lifetime || lifetime > lifetimeMax)
        {
            context.Fail($"The token is valid for longer than {lifetimeMax}, or does not say since when (nbf or iat).");
        }

        return Task.CompletedTask;
    }

    // Absent claims read as DateTime.MinValue.
    private static TimeSpan? LifetimeOf(JsonWebToken token)
    {
        var from = token.ValidFrom != DateTime.MinValue ? token.ValidFrom : token.IssuedAt;
        return from == DateTime.MinValue || token.ValidTo == DateTime.MinValue ? null : token.ValidTo - from;
    }
}
