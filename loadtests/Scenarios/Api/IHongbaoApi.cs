namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// The operations the hongbao scenarios and the audit need, in the terms of the HTTP contract (docs/api.md).
/// <see cref="HttpHongbaoApi"/> speaks HTTP; a grain-level implementation (for <c>--mode grain</c>) maps grain
/// results onto the same status codes and problem codes. The acting user is always passed explicitly.
/// </summary>
public interface IHongbaoApi
{
    /// <summary>Gets credentials ready for these users so the first measured call does not pay for them.</summary>
    Task PrepareUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellation);

    /// <summary>Admin deposit; replaying <paramref name="idempotencyKey"/> must not deposit twice.</summary>
    Task<ApiResult<WalletView>> DepositAsync(string userId, long amount, string idempotencyKey, CancellationToken cancellation);

    Task<ApiResult<EnvelopeView>> CreateEnvelopeAsync(
        string senderId, CreateEnvelopeRequest request, string idempotencyKey, CancellationToken cancellation);

    Task<ApiResult<GrabView>> GrabAsync(string userId, string envelopeId, CancellationToken cancellation);

    Task<ApiResult<EnvelopeView>> GetEnvelopeAsync(string userId, string envelopeId, CancellationToken cancellation);

    /// <summary>One page of an envelope's grabs in grab order, from <paramref name="cursor"/> (null: the first).</summary>
    Task<ApiResult<GrabPageView>> GetGrabPageAsync(string userId, string envelopeId, string? cursor, CancellationToken cancellation);

    Task<ApiResult<WalletView>> GetMyWalletAsync(string userId, CancellationToken cancellation);

    Task<ApiResult<LedgerPage>> GetMyLedgerAsync(string userId, int limit, CancellationToken cancellation);

    /// <summary>
    /// An anonymous <c>GET /health/live</c>: it touches no grain, so its rate measures the harness and the HTTP
    /// stack (in grain mode, the harness alone).
    /// </summary>
    Task<ApiResult<string>> PingAsync(CancellationToken cancellation);

    /// <summary>Admin read of any user's wallet.</summary>
    Task<ApiResult<WalletView>> GetWalletAsAdminAsync(string userId, CancellationToken cancellation);
}
