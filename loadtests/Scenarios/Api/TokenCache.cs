using System.Collections.Concurrent;

namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// One bearer token per (user, admin?) pair, fetched once and reused until shortly before it expires.
/// Concurrent first calls for one user share a single fetch.
/// </summary>
internal sealed class TokenCache(Func<string, bool, CancellationToken, Task<(string Token, TimeSpan Lifetime)>> fetch, TimeProvider time)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string UserId, bool Admin), Lazy<Task<CachedToken>>> tokens = new();

    public int Count => tokens.Count;

    public async Task<string> GetAsync(string userId, bool admin, CancellationToken cancellation)
    {
        var key = (userId, admin);
        var entry = tokens.GetOrAdd(key, k => NewEntry(k, cancellation));
        var cached = await entry.Value;
        if (cached.ExpiresAt - RefreshMargin > time.GetUtcNow())
        {
            return cached.Token;
        }

        var fresh = NewEntry(key, cancellation);
        tokens.TryUpdate(key, fresh, entry);
        return (await tokens[key].Value).Token;
    }

    private Lazy<Task<CachedToken>> NewEntry((string UserId, bool Admin) key, CancellationToken cancellation) =>
        new(async () =>
        {
            try
            {
                var (token, lifetime) = await fetch(key.UserId, key.Admin, cancellation);
                return new CachedToken(token, time.GetUtcNow() + lifetime);
            }
            catch
            {
                // A failed fetch must not poison the cache: the next call tries again.
                tokens.TryRemove(key, out _);
                throw;
            }
        });

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);
}
