using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;

namespace Hongbao.Contracts.Common;

/// <summary>
/// Grain keys. The ADO.NET storage parses string keys that look like hex numbers as integers
/// ("abc" and "0abc" would share a row), so wallet keys carry a non-hex prefix.
/// Envelope ids are generated with their own non-hex prefix (<see cref="EnvelopeId"/>).
/// </summary>
public static class GrainKeys
{
    public static IWalletGrain Wallet(this IGrainFactory grains, string userId) =>
        grains.GetGrain<IWalletGrain>(WalletKeyOf(userId));

    public static string WalletKeyOf(string userId) => WalletPrefix + userId;

    public static IEnvelopeGrain Envelope(this IGrainFactory grains, string envelopeId) =>
        grains.GetGrain<IEnvelopeGrain>(envelopeId);

    public static string UserIdOf(string walletKey) => walletKey[WalletPrefix.Length..];

    private const string WalletPrefix = "user:";
}
