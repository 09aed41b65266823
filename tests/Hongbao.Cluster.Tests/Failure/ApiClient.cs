using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// One API node through its HTTP contract, as a client application would call it: every helper that sets up or reads
/// retries 503 as <see cref="OverloadRetry"/> does; only the single attempts that tests record (grab, deposit) do not.
/// </summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    /// <summary>Longer than the nodes' grain-call timeout, so a request that runs into it has hung, not waited.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ApiClient For(string baseUrl) =>
        new(new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = RequestTimeout });

    public async Task<string> IssueTokenAsync(string userId, bool admin = false)
    {
        var body = await SucceededAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "/dev/token") { Content = JsonContent.Create(new { userId, roles = admin ? new[] { "admin" } : Array.Empty<string>() }, options: Json) },
            "POST /dev/token");
        return body.GetProperty("accessToken").GetString()!;
    }

    public async Task DepositAsync(string adminToken, string userId, long amount)
    {
        // One key for every attempt: a deposit answered 503 may have been credited, and its retry must replay it.
        var key = NewIdempotencyKey();
        await SucceededAsync(() => Request(HttpMethod.Post, $"/wallets/{userId}/deposits", adminToken, new { amount }, key), "deposit");
    }

    /// <summary>
    /// One deposit attempt; never throws for a failed or missing answer, since the caller decides to retry. It does
    /// not retry 503 itself: the traffic that calls it records every answer, 503s included.
    /// </summary>
    public async Task<(int Status, string? Code)> TryDepositAsync(string adminToken, string userId, long amount)
    {
        try
        {
            using var request = Request(HttpMethod.Post, $"/wallets/{userId}/deposits", adminToken, new { amount }, NewIdempotencyKey());
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, CodeOf(await ReadJsonAsync(response)));
        }
        catch (HttpRequestException error)
        {
            return (0, "transport:" + error.HttpRequestError);
        }
        catch (TaskCanceledException)
        {
            return (0, "client_timeout");
        }
    }

    public async Task<EnvelopeDocument> CreateEnvelopeAsync(string token, object body)
    {
        // One key for every attempt: a create answered 503 may have debited the sender, and its retry must replay it.
        var key = NewIdempotencyKey();
        return (await SucceededAsync(() => Request(HttpMethod.Post, "/envelopes", token, body, key), "create envelope")).Deserialize<EnvelopeDocument>(Json)!;
    }

    /// <summary>Funds <paramref name="senderId"/> with exactly enough for <paramref name="count"/> equal lucky envelopes, which the sender then creates.</summary>
    public async Task<IReadOnlyList<string>> FundAndCreateLuckyAsync(string adminToken, string senderId, int count, long totalEach, int sharesEach)
    {
        await DepositAsync(adminToken, senderId, count * totalEach);
        var senderToken = await IssueTokenAsync(senderId);
        var envelopes = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            envelopes.Add((await CreateEnvelopeAsync(senderToken, new { kind = "lucky", totalAmount = totalEach, shares = sharesEach })).Id);
        }

        return envelopes;
    }

    /// <summary>The envelope with every grab: the view carries only the first ones, so the rest are paged.</summary>
    public async Task<EnvelopeDocument> GetEnvelopeAsync(string token, string envelopeId)
    {
        var envelope = (await SucceededAsync(() => Request(HttpMethod.Get, $"/envelopes/{envelopeId}", token), "get envelope")).Deserialize<EnvelopeDocument>(Json)!;
        return envelope.Grabs.Count < envelope.Shares - envelope.RemainingShares
            ? envelope with { Grabs = await EveryGrabAsync(token, envelope) }
            : envelope;
    }

    private async Task<IReadOnlyList<GrabEntryDocument>> EveryGrabAsync(string token, EnvelopeDocument envelope)
    {
        var grabs = new List<GrabEntryDocument>();
        string? cursor = null;
        // Every page holds at least one grab, so an envelope has at most as many pages as shares.
        for (var pages = 0; pages <= envelope.Shares; pages++)
        {
            var path = $"/envelopes/{envelope.Id}/grabs?limit=200" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = (await SucceededAsync(() => Request(HttpMethod.Get, path, token), "get grabs")).Deserialize<GrabPageDocument>(Json)!;
            grabs.AddRange(page.Grabs);
            cursor = page.Next;
            if (cursor is null)
            {
                return grabs;
            }
        }

        throw new InvalidOperationException($"the grabs of envelope {envelope.Id} paged past its {envelope.Shares} shares");
    }

    /// <summary>The newest entries of the token holder's own ledger.</summary>
    public async Task<IReadOnlyList<LedgerEntryDocument>> GetMyLedgerAsync(string token)
    {
        return (await SucceededAsync(() => Request(HttpMethod.Get, "/wallets/me/ledger?limit=100", token), "get ledger")).GetProperty("entries").Deserialize<List<LedgerEntryDocument>>(Json)!;
    }

    /// <summary>
    /// One grab attempt; never throws for a failed or missing answer, since the caller decides to retry. It does not
    /// retry 503 itself: the crowds that call it record every answer, 503s included.
    /// </summary>
    public async Task<GrabReply> GrabAsync(string token, string envelopeId)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = Request(HttpMethod.Post, $"/envelopes/{envelopeId}/grabs", token);
            using var response = await http.SendAsync(request);
            return await GrabReplyAsync(response, started);
        }
        catch (HttpRequestException error)
        {
            return new GrabReply(0, "transport:" + error.HttpRequestError, null, null, Stopwatch.GetElapsedTime(started));
        }
        catch (TaskCanceledException)
        {
            return new GrabReply(0, "client_timeout", null, null, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// A grab as a user's app makes it, retried after 503 until it is answered: a grab is idempotent per user, so a
    /// retry of one that was carried out answers 200 alreadyGrabbed with the same share.
    /// </summary>
    public async Task<GrabReply> GrabAnsweredAsync(string token, string envelopeId)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await OverloadRetry.SendAsync(http, () => Request(HttpMethod.Post, $"/envelopes/{envelopeId}/grabs", token), "grab");
        return await GrabReplyAsync(response, started);
    }

    public void Dispose() => http.Dispose();

    private static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private static async Task<GrabReply> GrabReplyAsync(HttpResponseMessage response, long started)
    {
        var body = await ReadJsonAsync(response);
        return (int)response.StatusCode is 200 or 201
            ? new GrabReply((int)response.StatusCode, null, body?.GetProperty("amount").GetInt64(), body?.GetProperty("outcome").GetString(), Stopwatch.GetElapsedTime(started))
            : new GrabReply((int)response.StatusCode, CodeOf(body), null, null, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The body of the first answer that is not 503 (<see cref="OverloadRetry"/>), which must be a success.</summary>
    private async Task<JsonElement> SucceededAsync(Func<HttpRequestMessage> build, string what)
    {
        using var response = await OverloadRetry.SendAsync(http, build, what);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} failed with {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null; // not JSON: the status alone tells what happened
        }
    }

    private static string? CodeOf(JsonElement? problem) =>
        problem is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("code", out var code) ? code.GetString() : null;
}
