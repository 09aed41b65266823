using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hongbao.LoadTests.Scenarios.Api.Lean;

namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>
/// The HTTP contract (docs/api.md) with tokens from <c>POST /dev/token</c>. Lean on the request path (it sets
/// the ceiling of what one generator can offer): requests go through <see cref="LeanHttpClient"/>, request URIs
/// and "Bearer" header values are built once and reused, and JSON is source-generated.
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

    private readonly LeanHttpClient http;
    private readonly TargetRotation targets;
    private readonly TokenCache tokens;

    public HttpHongbaoApi(LeanHttpClient http, TargetRotation targets, TimeProvider? time = null)
    {
        this.http = http;
        this.targets = targets;
        tokens = new TokenCache(FetchTokenAsync, time ?? TimeProvider.System);
    }

    /// <summary>The client for the generator's requests; a request without an answer after 30 s counts as unanswered.</summary>
    public static LeanHttpClient CreateClient() => new(TimeSpan.FromSeconds(30));

    /// <summary>An <see cref="HttpClient"/> for what is not load (scraping the server's metrics).</summary>
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
            var response = await http.SendAsync(HttpMethod.Get, Resolve("health/live"), cancellation: cancellation);
            return new ApiResult<string>(response.StatusCode, System.Text.Encoding.UTF8.GetString(response.Body), null, response.Body.Length);
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
            var authorization = await tokens.GetAsync(actingUserId, admin, cancellation);
            var json = body is not null && bodyType is not null ? JsonSerializer.SerializeToUtf8Bytes(body, bodyType) : default(ReadOnlyMemory<byte>);
            var response = await http.SendAsync(method, Resolve(path), authorization, idempotencyKey, json, cancellation);
            return Decode<T>(response.StatusCode, response.Body) with { RetryAfter = response.RetryAfter };
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
            if (uris.Count < CachedUrisMax)
            {
                uris.TryAdd(path, perTarget);
            }
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
        var request = JsonSerializer.SerializeToUtf8Bytes(new TokenRequest(userId, admin ? ["admin"] : null), WireJson.Default.TokenRequest);
        var response = await http.SendAsync(HttpMethod.Post, targets.Resolve("dev/token"), jsonBody: request, cancellation: cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new TargetUnavailableException(
                $"POST /dev/token answered {response.StatusCode}: tokens come from /dev/token, which only the embedded development mode serves");
        }

        var token = (response.Body.Length == 0 ? null : JsonSerializer.Deserialize(response.Body, WireJson.Default.TokenView))
            ?? throw new TargetUnavailableException("POST /dev/token returned an empty body");
        // Cached as the whole header value, so no request builds the "Bearer ..." string again.
        return ($"Bearer {token.AccessToken}", TimeSpan.FromSeconds(Math.Max(token.ExpiresIn, 60)));
    }
}
