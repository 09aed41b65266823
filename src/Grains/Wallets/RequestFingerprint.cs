using System.Security.Cryptography;
using System.Text;

namespace Hongbao.Grains.Wallets;

/// <summary>
/// What the ledger keeps of a create request to tell a replay from a reused key: a SHA-256 of its description, so
/// the stored value has a fixed size and no character of the request (a greeting, a thousand-user audience) reaches
/// the database as text.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(EnvelopeSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec.Fingerprint())));

    /// <summary>
    /// Whether a stored fingerprint is this request's. Creates stored before fingerprints were hashed hold the
    /// description itself; it is compared by hashing it, so their replays still answer as replays.
    /// </summary>
    public static bool Matches(string stored, string fingerprint) =>
        stored == fingerprint || Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored))) == fingerprint;
}
