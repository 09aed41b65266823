using System.ComponentModel.DataAnnotations;

namespace Hongbao.Api.Auth;

/// <summary>Bearer token settings, bound from "Hongbao:Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Hongbao:Auth";

    /// <summary>HS256 key shared with the token issuer; its UTF-8 bytes are the key.</summary>
    public string? SigningKey { get; set; }

    [Required] public string Issuer { get; set; } = "hongbao";

    [Required] public string Audience { get; set; } = "hongbao-api";

    /// <summary>
    /// Serves /dev/token in Cluster mode too, signed with the configured key: for a local development cluster
    /// (scripts/cluster.sh) only. It still needs the Development environment.
    /// </summary>
    public bool DevTokensInCluster { get; set; }

    /// <summary>Lifetime of tokens minted by /dev/token; at most <see cref="TokenLifetimeMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// The longest a token may be valid (exp minus nbf, or iat without nbf): a longer-lived token is refused, so
    /// that a leaked token, or one an issuer minted carelessly, stops working within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")] public TimeSpan TokenLifetimeMax { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Validated tokens remembered until they expire (see <see cref="ValidatedTokenCache"/>); 0 validates every request
    /// from scratch. About 2 KB each.
    /// </summary>
    [Range(0, 10_000_000)] public int ValidatedTokenCacheSize { get; set; } = 100_000;
}
