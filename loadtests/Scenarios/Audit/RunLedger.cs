using System.Collections.Concurrent;
using Hongbao.LoadTests.Scenarios.Api;

namespace Hongbao.LoadTests.Scenarios.Audit;

/// <summary>
/// What a run did to money, as the API acknowledged it: deposits, envelopes created, shares granted.
/// Calls that got no answer are kept apart so the audit can settle them by replaying their idempotency keys.
/// </summary>
public sealed class RunLedger
{
    private readonly ConcurrentDictionary<string, long> depositsByKey = new();
    private readonly ConcurrentDictionary<string, string> depositUsersByKey = new();
    private readonly ConcurrentDictionary<string, EnvelopeView> envelopesById = new();
    private readonly ConcurrentDictionary<(string EnvelopeId, string UserId), long> grants = new();
    private readonly ConcurrentQueue<string> conflicts = new();
    private readonly ConcurrentDictionary<string, byte> users = new();

    public ConcurrentDictionary<string, (string UserId, long Amount)> UnansweredDeposits { get; } = new();
    public ConcurrentDictionary<string, (string SenderId, CreateEnvelopeRequest Request)> UnansweredCreates { get; } = new();

    public IReadOnlyCollection<string> Users => [.. users.Keys];
    public IReadOnlyCollection<EnvelopeView> Envelopes => [.. envelopesById.Values];
    public IReadOnlyDictionary<(string EnvelopeId, string UserId), long> Grants => grants;
    public IReadOnlyCollection<string> Conflicts => [.. conflicts];

    public long DepositsFor(string userId) =>
        depositsByKey.Where(d => depositUsersByKey[d.Key] == userId).Sum(d => d.Value);

    public long TotalDeposits => depositsByKey.Values.Sum();

    public void Touch(string userId) => users.TryAdd(userId, 0);

    /// <summary>Keyed by idempotency key: a replayed deposit is recorded once, as the server applies it once.</summary>
    public void RecordDeposit(ApiResult<WalletView> result, string userId, long amount, string idempotencyKey)
    {
        Touch(userId);
        if (result.IsUnanswered)
        {
            UnansweredDeposits[idempotencyKey] = (userId, amount);
            return;
        }
        if (!result.IsSuccess)
        {
            return;
        }

        UnansweredDeposits.TryRemove(idempotencyKey, out _);
        depositUsersByKey[idempotencyKey] = userId;
        depositsByKey[idempotencyKey] = amount;
    }

    public void RecordCreate(ApiResult<EnvelopeView> result, string senderId, CreateEnvelopeRequest request, string idempotencyKey)
    {
        Touch(senderId);
        if (result.IsUnanswered)
        {
            UnansweredCreates[idempotencyKey] = (senderId, request);
            return;
        }
        if (result.Value is not { } envelope || !result.IsSuccess)
        {
            return;
        }

        UnansweredCreates.TryRemove(idempotencyKey, out _);
        envelopesById[envelope.Id] = envelope;
    }

    /// <summary>Records a granted or repeated grab; a repeat that answers a different amount is a conflict.</summary>
    public void RecordGrab(ApiResult<GrabView> result, string userId)
    {
        Touch(userId);
        if (result.Value is not { } grab || !result.IsSuccess)
        {
            return;
        }

        var amount = grants.GetOrAdd((grab.EnvelopeId, userId), grab.Amount);
        if (amount != grab.Amount)
        {
            conflicts.Enqueue($"user {userId} was answered {amount} and then {grab.Amount} for envelope {grab.EnvelopeId}");
        }
    }
}
