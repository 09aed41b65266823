using System.Collections.Concurrent;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// A steady trickle of requests through every API node, so that a test can see, request by request, when each
/// envelope (and the wallets) stopped and started answering around a fault. Each envelope has one watching user that
/// grabs it again and again: the first grab is granted, every later one is answered "alreadyGrabbed" by the
/// envelope's activation, so every 2xx proves the envelope is reachable. Deposits of 1 fen into one wallet per node
/// cover the wallet grains. Bounded in requests and in time.
/// </summary>
public sealed class SteadyTraffic(IReadOnlyList<ApiClient> apis, string adminToken, IReadOnlyList<CrowdUser> watchers)
{
    private const int RequestsMax = 20_000;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DurationMax = TimeSpan.FromSeconds(90);

    private readonly ConcurrentQueue<ProbeEvent> events = new();
    private int sent;

    public IReadOnlyCollection<ProbeEvent> Events => events;

    /// <summary>The wallets the deposits go to, for the money audit.</summary>
    public IReadOnlyList<string> DepositWallets => [.. Enumerable.Range(0, apis.Count).Select(WalletOf)];

    /// <summary>Sends requests until <paramref name="stop"/> is cancelled, the request budget is spent, or time runs out.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(DurationMax);
        var grabbers = watchers.Select((user, i) => LoopAsync(() => GrabAsync(apis[i % apis.Count], user), limit.Token));
        var depositors = apis.Select((api, i) => LoopAsync(() => DepositAsync(api, WalletOf(i)), limit.Token));
        await Task.WhenAll(grabbers.Concat(depositors));
    }

    private async Task LoopAsync(Func<Task<ProbeEvent>> request, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref sent) <= RequestsMax)
        {
            events.Enqueue(await request());
            try
            {
                await Task.Delay(Pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<ProbeEvent> GrabAsync(ApiClient api, CrowdUser user)
    {
        var sentAt = DateTime.UtcNow;
        var reply = await api.GrabAsync(user.Token, user.EnvelopeId);
        return new ProbeEvent(user.EnvelopeId, sentAt, DateTime.UtcNow, reply.Status, reply.Code);
    }

    private async Task<ProbeEvent> DepositAsync(ApiClient api, string wallet)
    {
        var sentAt = DateTime.UtcNow;
        var (status, code) = await api.TryDepositAsync(adminToken, wallet, 1);
        return new ProbeEvent(wallet, sentAt, DateTime.UtcNow, status, code);
    }

    private static string WalletOf(int api) => $"steady-{api}";
}
