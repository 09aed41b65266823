using System.Collections.Concurrent;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// Many users grabbing through several API nodes at once, as a real crowd does: a failed grab is retried with the
/// same user (on the next node) until it is granted, already grabbed, exhausted or refused, or the attempts run out.
/// Every request is recorded, so a test can look at what the clients saw around a fault.
/// </summary>
public sealed class GrabCrowd(IReadOnlyList<ApiClient> apis, IReadOnlyList<CrowdUser> users, CrowdPace pace)
{
    private readonly ConcurrentQueue<GrabEvent> events = new();
    private readonly UserResult?[] results = new UserResult?[users.Count];
    private int acknowledged;
    private int nextUser = -1;

    /// <summary>Users who have been granted (or found) their share so far.</summary>
    public int Acknowledged => Volatile.Read(ref acknowledged);

    public IReadOnlyCollection<GrabEvent> Events => events;

    /// <summary>Runs until every user is done.</summary>
    public async Task<IReadOnlyList<UserResult>> RunAsync()
    {
        var startedAt = DateTime.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, pace.Concurrency).Select(_ => Task.Run(() => WorkAsync(startedAt))));
        return results.Select(r => r!).ToList();
    }

    private async Task WorkAsync(DateTime startedAt)
    {
        while (true)
        {
            var index = Interlocked.Increment(ref nextUser);
            if (index >= users.Count)
            {
                return;
            }

            var due = startedAt + TimeSpan.FromSeconds(index / pace.UsersPerSecond);
            if (due > DateTime.UtcNow)
            {
                await Task.Delay(due - DateTime.UtcNow, CancellationToken.None);
            }

            results[index] = await GrabUntilDoneAsync(index, users[index]);
        }
    }

    private async Task<UserResult> GrabUntilDoneAsync(int index, CrowdUser user)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sentAt = DateTime.UtcNow;
            var reply = await apis[(index + attempt) % apis.Count].GrabAsync(user.Token, user.EnvelopeId);
            events.Enqueue(new GrabEvent(user.UserId, sentAt, DateTime.UtcNow, reply));
            if (reply.Acknowledged)
            {
                Interlocked.Increment(ref acknowledged);
            }

            if (!reply.Retryable || attempt == pace.MaxAttempts)
            {
                return new UserResult(user, reply, attempt);
            }

            await Task.Delay(pace.RetryDelay(attempt));
        }
    }
}
