using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>One API node through its HTTP contract (design.md §4), as a client application would call it.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    /// <summary>Longer than the nodes' grain-call timeout, so a request that runs into it has hung, not waited.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ApiClient For(string baseUrl) =>
        new(new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = RequestTimeout });

    public async Task<string> IssueTokenAsync(string userId, bool admin = false)
    {
        using var response = await http.PostAsJsonAsync("/dev/token", new { userId, roles = admin ? new[] { "admin" } : Array.Empty<string>() });
        var body = await SucceededAsync(response, "POST /dev/token");
        return body.GetProperty("accessToken").GetString()!;
    }

    public async Task DepositAsync(string adminToken, string userId, long amount)
    {
        using var request = Request(HttpMethod.Post, $"/wallets/{userId}/deposits", adminToken, new { amount });
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        await SucceededAsync(response, "deposit");
    }

    /// <summary>One deposit attempt; never throws for a failed or missing answer, since the caller decides to retry.</summary>
    public async Task<(int Status, string? Code)> TryDepositAsync(string adminToken, string userId, long amount)
    {
        try
        {
            using var request = Request(HttpMethod.Post, $"/wallets/{userId}/deposits", adminToken, new { amount });
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
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
        using var request = Request(HttpMethod.Post, "/envelopes", token, body);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        return (await SucceededAsync(response, "create envelope")).Deserialize<EnvelopeDocument>(Json)!;
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
        using var request = Request(HttpMethod.Get, $"/envelopes/{envelopeId}", token);
        using var response = await http.SendAsync(request);
        var envelope = (await SucceededAsync(response, "get envelope")).Deserialize<EnvelopeDocument>(Json)!;
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
            using var request = Request(HttpMethod.Get, $"/envelopes/{envelope.Id}/grabs?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"), token);
            using var response = await http.SendAsync(request);
            var page = (await SucceededAsync(response, "get grabs")).Deserialize<GrabPageDocument>(Json)!;
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
        using var request = Request(HttpMethod.Get, "/wallets/me/ledger?limit=100", token);
        using var response = await http.SendAsync(request);
        return (await SucceededAsync(response, "get ledger")).GetProperty("entries").Deserialize<List<LedgerEntryDocument>>(Json)!;
    }

    /// <summary>One grab attempt; never throws for a failed or missing answer, since the caller decides to retry.</summary>
    public async Task<GrabReply> GrabAsync(string token, string envelopeId)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = Request(HttpMethod.Post, $"/envelopes/{envelopeId}/grabs", token);
            using var response = await http.SendAsync(request);
            var body = await ReadJsonAsync(response);
            return (int)response.StatusCode is 200 or 201
                ? new GrabReply((int)response.StatusCode, null, body?.GetProperty("amount").GetInt64(), body?.GetProperty("outcome").GetString(), Stopwatch.GetElapsedTime(started))
                : new GrabReply((int)response.StatusCode, CodeOf(body), null, null, Stopwatch.GetElapsedTime(started));
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

    public void Dispose() => http.Dispose();

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<JsonElement> SucceededAsync(HttpResponseMessage response, string what)
    {
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
