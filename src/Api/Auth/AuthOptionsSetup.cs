using System.Text;
using Hongbao.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Auth;

/// <summary>
/// Gives embedded development mode its development key, and refuses any other start without a strong key.
/// </summary>
public sealed class AuthOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IPostConfigureOptions<AuthOptions>, IValidateOptions<AuthOptions>
{
    public const int SigningKeyBytesMin = 32;

    private bool IsEmbeddedDevelopment =>
        environment.IsDevelopment() && configuration.Hosting().Mode == HostingMode.Embedded;

    public void PostConfigure(string? name, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey) && IsEmbeddedDevelopment)
        {
            options.SigningKey = DevelopmentSigningKey.Value;
        }
    }

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        const string hint = "Set Hongbao:Auth:SigningKey (e.g. environment variable Hongbao__Auth__SigningKey) to a secret of at least 32 bytes.";
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            return ValidateOptionsResult.Fail(
                $"No signing key is configured: only embedded development mode has a development key (mode {configuration.Hosting().Mode}, environment {environment.EnvironmentName}). {hint}");
        }

        if (Encoding.UTF8.GetByteCount(options.SigningKey) < SigningKeyBytesMin)
        {
            return ValidateOptionsResult.Fail($"Hongbao:Auth:SigningKey is too weak: it has fewer than {SigningKeyBytesMin} bytes. {hint}");
        }

        if (options.SigningKey == DevelopmentSigningKey.Value && !IsEmbeddedDevelopment)
        {
            return ValidateOptionsResult.Fail($"Hongbao:Auth:SigningKey is the public development key, which is only for embedded development mode. {hint}");
        }

        if (options.DevTokenLifetime > options.TokenLifetimeMax)
        {
            return ValidateOptionsResult.Fail($"Hongbao:Auth:DevTokenLifetime ({options.DevTokenLifetime}) is longer than Hongbao:Auth:TokenLifetimeMax ({options.TokenLifetimeMax}): such tokens would be refused.");
        }

        return ValidateOptionsResult.Success;
    }
}
