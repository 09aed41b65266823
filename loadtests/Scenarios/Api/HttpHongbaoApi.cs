using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hongbao.LoadTests.Scenarios;

namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// The HTTP contract of design.md §4 with tokens from <c>POST /dev/token</c>. Lean on the request path (it sets
/// the ceiling of what one generator can offer): request URIs and "Bearer" header values are built once and
/// reused, headers skip validation, JSON is source-generated, and the handler has no cookies, proxy or
/// trace-header propagation.
/// </summary>
public sealed class HttpHongbaoApi : IHongbaoApi
{
    /// <summary>The identity that deposits and reads wallets for the audit.</summary>
    public const string AdminUserId = "loadtest-admin";

    private const int PrepareParallelism = 32;

    /// <summary>The most grabs one page of <c>GET /envelopes/{id}/grabs</c> returns.</summary>
    private const int GrabPageLimit = 200;

    /// <summary>Bounds the URI cache; festival's envelopes come and go, so the cache must not grow forever.</summary>
    private const int CachedUrisMax = 100_000;

    private readonly ConcurrentDictionary<string, Uri[]> uris = new(StringComparer.Ordinal);

    private readonly HttpClient http;
    private readonly TargetRotation targets;
    private readonly TokenCache tokens;

    public HttpHongbaoApi(HttpClient http, TargetRotation targets, TimeProvider? time = null)
    {
        this.http = http;
        this.targets = targets;
        tokens = new TokenCache(FetchTokenAsync, time ?? TimeProvider.System);
    }

    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 1024,
        UseCookies = false,
        UseProxy = false,
        // No traceparent header per request: the generator is not part of the server's traces.
        ActivityHeadersPropagator = null,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public Task PrepareUsersAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellation) =>
        Parallel.ForEachAsync(userIds,
            new ParallelOptions { MaxDegreeOfParallelism = PrepareParallelism, CancellationToken = cancellation },
            async (userId, token) => await tokens.GetAsync(userId, admin: false, token));

    public Task<ApiResult<WalletView>> DepositAsync(string userId, long amount, string idempotencyKey, CancellationToken cancellation) =>
        SendAsync<WalletView, DepositRequest>(HttpMethod.Post, $"wallets/{Uri.EscapeDataString(userId)}/deposits", AdminUserId, true,
            new DepositRequest(amount), WireJson.Default.DepositRequest, idempotencyKey, cancellation);

    public Task<ApiResult<EnvelopeView>> CreateEnvelopeAsync(
        string senderId, CreateEnvelopeRequest request, string idempotencyKey, CancellationToken cancellation) =>
        SendAsync<EnvelopeView, CreateEnvelopeRequest>(HttpMethod.Post, "envelopes", senderId, false, request, WireJson.Default.CreateEnvelopeRequest, idempotencyKey, cancellation);

    public Task<ApiResult<GrabView>> GrabAsync(string userId, string envelopeId, CancellationToken cancellation) =>
        SendAsync<GrabView>(HttpMethod.Post, $"envelopes/{Uri.EscapeDataString(envelopeId)}/grabs", userId, false, null, null, cancellation);

    public Task<ApiResult<EnvelopeView>> GetEnvelopeAsync(string userId, string envelopeId, CancellationToken cancellation) =>
        SendAsync<EnvelopeView>(HttpMethod.Get, $"envelopes/{Uri.EscapeDataString(envelopeId)}", userId, false, null, null, cancellation);

    public Task<ApiResult<GrabPageView>> GetGrabPageAsync(string userId, string envelopeId, string? cursor, CancellationToken cancellation) =>
        SendAsync<GrabPageView>(
            HttpMethod.Get,
            $"envelopes/{Uri.EscapeDataString(envelopeId)}/grabs?limit={GrabPageLimit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"),
            userId, false, null, null, cancellation);

    public Task<ApiResult<WalletView>> GetMyWalletAsync(string userId, CancellationToken cancellation) =>
        SendAsync<WalletView>(HttpMethod.Get, "wallets/me", userId, false, null, null, cancellation);

    public Task<ApiResult<LedgerPage>> GetMyLedgerAsync(string userId, int limit, CancellationToken cancellation) =>
        SendAsync<LedgerPage>(HttpMethod.Get, $"wallets/me/ledger?limit={limit}", userId, false, null, null, cancellation);

    public Task<ApiResult<WalletView>> GetWalletAsAdminAsync(string userId, CancellationToken cancellation) =>
        SendAsync<WalletView>(HttpMethod.Get, $"wallets/{Uri.EscapeDataString(userId)}", AdminUserId, true, null, null, cancellation);

    public async Task<ApiResult<string>> PingAsync(CancellationToken cancellation)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Resolve("health/live"));
            using var response = await http.SendAsync(request, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            return new ApiResult<string>((int)response.StatusCode, body, null, body.Length);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return new ApiResult<string>(0, null, null, 0, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, string actingUserId, bool admin, object? body, string? idempotencyKey,
        CancellationToken cancellation) where T : class =>
        SendAsync<T, object>(method, path, actingUserId, admin, body, null, idempotencyKey, cancellation);

    private async Task<ApiResult<T>> SendAsync<T, TBody>(
        HttpMethod method, string path, string actingUserId, bool admin, TBody? body, JsonTypeInfo<TBody>? bodyType, string? idempotencyKey,
        CancellationToken cancellation) where T : class
    {
        try
        {
            using var request = new HttpRequestMessage(method, Resolve(path));
            request.Headers.TryAddWithoutValidation("Authorization", await tokens.GetAsync(actingUserId, admin, cancellation));
            if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            if (body is not null && bodyType is not null) request.Content = JsonContent.Create(body, bodyType);
            using var response = await http.SendAsync(request, cancellation);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellation);
            return Decode<T>((int)response.StatusCode, bytes) with { RetryAfter = response.Headers.RetryAfter?.Delta };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return new ApiResult<T>(0, null, null, 0, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The request URI for a path on the next target, built once per path and target and then reused.</summary>
    private Uri Resolve(string path)
    {
        if (!uris.TryGetValue(path, out var perTarget))
        {
            perTarget = [.. targets.All.Select(target => new Uri(target, path))];
            if (uris.Count < CachedUrisMax) uris.TryAdd(path, perTarget);
        }
        return perTarget.Length == 1 ? perTarget[0] : perTarget[targets.NextIndex()];
    }

    private static ApiResult<T> Decode<T>(int status, byte[] bytes) where T : class
    {
        if (status is >= 200 and < 300)
        {
            var value = bytes.Length == 0 ? null : (T?)JsonSerializer.Deserialize(bytes, typeof(T), WireJson.Default);
            return new ApiResult<T>(status, value, null, bytes.Length);
        }
        var problem = TryReadProblem(bytes);
        return new ApiResult<T>(status, null, problem?.Code, bytes.Length, problem?.Detail ?? problem?.Title ?? "");
    }

    private static ProblemView? TryReadProblem(byte[] bytes)
    {
        try
        {
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, WireJson.Default.ProblemView);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> FetchTokenAsync(string userId, bool admin, CancellationToken cancellation)
    {
        var request = new TokenRequest(userId, admin ? ["admin"] : null);
        using var response = await http.PostAsJsonAsync(targets.Resolve("dev/token"), request, WireJson.Default.TokenRequest, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new TargetUnavailableException(
                $"POST /dev/token answered {(int)response.StatusCode}: tokens come from /dev/token, which only the embedded development mode serves");
        var token = await response.Content.ReadFromJsonAsync(WireJson.Default.TokenView, cancellation)
            ?? throw new TargetUnavailableException("POST /dev/token returned an empty body");
        // Cached as the whole header value, so no request builds the "Bearer ..." string again.
        return ($"Bearer {token.AccessToken}", TimeSpan.FromSeconds(Math.Max(token.ExpiresIn, 60)));
    }
}
