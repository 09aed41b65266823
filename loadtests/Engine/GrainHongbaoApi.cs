using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Envelopes.Kinds;
using Hongbao.LoadTests.Scenarios.Api;
using GrainLedgerPage = Hongbao.Contracts.Wallets.LedgerPage;
using WireLedgerEntry = Hongbao.LoadTests.Scenarios.Api.LedgerEntry;
using WireLedgerPage = Hongbao.LoadTests.Scenarios.Api.LedgerPage;

namespace Hongbao.LoadTests.Engine;

/// <summary>
/// <c>--mode grain</c>: the scenarios' operations as direct grain calls (no HTTP, no auth), with grain outcomes
/// mapped onto the status and problem codes of the HTTP contract (docs/api.md) so the same scenarios and audit apply.
/// It measures the engine's ack path: what the API adds is the difference to an HTTP run.
/// </summary>
public sealed class GrainHongbaoApi(IGrainFactory grains) : IHongbaoApi
{
    private const int GrabPageLimit = 200;

    public Task PrepareUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellation) => Task.CompletedTask;

    public async Task<ApiResult<WalletView>> DepositAsync(string userId, long amount, string idempotencyKey, CancellationToken cancellation)
    {
        var result = await grains.Wallet(userId).DepositAsync(amount, idempotencyKey);
        return result.Outcome switch
        {
            DepositOutcome.Applied => Ok(201, new WalletView(userId, result.BalanceFen)),
            DepositOutcome.Replayed => Ok(200, new WalletView(userId, result.BalanceFen)),
            DepositOutcome.IdempotencyKeyReused => Problem<WalletView>(422, "idempotency_key_reused"),
            _ => Problem<WalletView>(400, "validation_failed"),
        };
    }

    public async Task<ApiResult<EnvelopeView>> CreateEnvelopeAsync(string senderId, CreateEnvelopeRequest request, string idempotencyKey, CancellationToken cancellation)
    {
        var kind = EnvelopeKinds.All.FirstOrDefault(k => k.WireName == request.Kind)?.Kind ?? (EnvelopeKind)(-1);
        var spec = new EnvelopeSpec(kind, request.TotalAmount, request.AmountPerShare, request.Shares, request.Greeting, [.. request.Audience ?? []], request.TtlSeconds);
        var result = await grains.Wallet(senderId).CreateEnvelopeAsync(spec, idempotencyKey);
        return result.Outcome switch
        {
            CreateEnvelopeOutcome.Created => Ok(201, View(result.Envelope!)),
            CreateEnvelopeOutcome.Replayed => Ok(200, View(result.Envelope!)),
            CreateEnvelopeOutcome.InsufficientFunds => Problem<EnvelopeView>(409, WireNames.InsufficientFunds),
            CreateEnvelopeOutcome.IdempotencyKeyReused => Problem<EnvelopeView>(422, "idempotency_key_reused"),
            _ => Problem<EnvelopeView>(400, "validation_failed"),
        };
    }

    public async Task<ApiResult<GrabView>> GrabAsync(string userId, string envelopeId, CancellationToken cancellation)
    {
        try
        {
            var result = await grains.Envelope(envelopeId).GrabAsync(userId);
            return result.Outcome switch
            {
                GrabOutcome.Granted => Ok(201, GrabViewOf(envelopeId, result.Grab!, WireNames.Granted)),
                GrabOutcome.AlreadyGrabbed => Ok(200, GrabViewOf(envelopeId, result.Grab!, WireNames.AlreadyGrabbed)),
                GrabOutcome.Exhausted => Problem<GrabView>(409, WireNames.EnvelopeExhausted),
                GrabOutcome.Expired => Problem<GrabView>(410, "envelope_expired"),
                GrabOutcome.NotInAudience => Problem<GrabView>(403, "not_in_audience"),
                GrabOutcome.NotFound => Problem<GrabView>(404, "envelope_not_found"),
                _ => Problem<GrabView>(503, "overloaded"),
            };
        }
        catch (StorageUnavailableException error)
        {
            return new ApiResult<GrabView>(503, null, "overloaded", 0, error.Message);
        }
    }

    public async Task<ApiResult<EnvelopeView>> GetEnvelopeAsync(string userId, string envelopeId, CancellationToken cancellation) =>
        await grains.Envelope(envelopeId).GetDetailsAsync() is { } details
            ? Ok(200, View(details))
            : Problem<EnvelopeView>(404, "envelope_not_found");

    public async Task<ApiResult<GrabPageView>> GetGrabPageAsync(string userId, string envelopeId, string? cursor, CancellationToken cancellation) =>
        await grains.Envelope(envelopeId).GetGrabsAsync(userId, cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture), GrabPageLimit) is { } page
            ? Ok(200, new GrabPageView([.. page.Grabs.Select(g => new GrabEntry(g.UserId, g.AmountFen, g.GrabbedAt))], page.Next?.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : Problem<GrabPageView>(404, "envelope_not_found");

    public async Task<ApiResult<WalletView>> GetMyWalletAsync(string userId, CancellationToken cancellation) =>
        Ok(200, WalletViewOf(await grains.Wallet(userId).GetBalanceAsync()));

    public async Task<ApiResult<WireLedgerPage>> GetMyLedgerAsync(string userId, int limit, CancellationToken cancellation) =>
        Ok(200, LedgerViewOf(await grains.Wallet(userId).GetLedgerAsync(limit, null)));

    public Task<ApiResult<string>> PingAsync(CancellationToken cancellation) => Task.FromResult(Ok(200, "Healthy"));

    public Task<ApiResult<WalletView>> GetWalletAsAdminAsync(string userId, CancellationToken cancellation) =>
        GetMyWalletAsync(userId, cancellation);

    private static ApiResult<T> Ok<T>(int status, T value) where T : class => new(status, value, null, 0);

    private static ApiResult<T> Problem<T>(int status, string code) where T : class => new(status, null, code, 0, code);

    private static WalletView WalletViewOf(WalletBalance balance) => new(balance.UserId, balance.BalanceFen);

    private static GrabView GrabViewOf(string envelopeId, Grab grab, string outcome) => new(envelopeId, grab.UserId, grab.AmountFen, outcome, grab.GrabbedAt);

    private static WireLedgerPage LedgerViewOf(GrainLedgerPage page) => new(
        [.. page.Entries.Select(e => new WireLedgerEntry(e.Kind.ToString().ToLowerInvariant(), e.AmountFen, e.EnvelopeId, e.At, e.BalanceAfterFen))],
        page.NextBefore?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static EnvelopeView View(EnvelopeDetails d) => new(
        d.EnvelopeId, d.Kind.ToString().ToLowerInvariant(), d.SenderId, d.Greeting, d.TotalFen, d.Shares, d.RemainingFen,
        d.RemainingShares, d.Status.ToString().ToLowerInvariant(), d.CreatedAt, d.ExpiresAt,
        [.. d.Grabs.Select(g => new GrabEntry(g.UserId, g.AmountFen, g.GrabbedAt))],
        d.BestLuck is { } best ? new BestLuck(best.UserId, best.AmountFen) : null);
}
