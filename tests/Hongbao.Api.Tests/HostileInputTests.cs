using System.Text;
using System.Text.Json;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Contracts.Common;

namespace Hongbao.Api.Tests;

/// <summary>
/// Malformed requests of every kind: each must get a 4xx problem (never a 5xx) and change nothing,
/// judged by the wallets and the envelope before and after.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class HostileInputTests(ApiFixture api)
{
    private const string Sender = "hostile-sender";
    private const string Target = "hostile-target";
    private const string Envelope = "{envelope}";
    private const string Valid = """{"kind":"lucky","totalAmount":100,"shares":2}""";

    public sealed record HostileCase(string Name, string Method, string Path, string? Body, string? ContentType = "application/json", string? Key = "fresh", bool Admin = false)
    {
        public override string ToString() => Name;
    }

    private static readonly HostileCase[] Cases =
    [
        Create("malformed json", "{"),
        Create("not json", "hello"),
        Create("empty body", ""),
        Create("json null", "null"),
        Create("json array", "[]"),
        Create("json string", "\"lucky\""),
        Create("number as string", """{"kind":"lucky","totalAmount":"100","shares":2}"""),
        Create("fractional amount", """{"kind":"lucky","totalAmount":1.5,"shares":2}"""),
        Create("exponent amount", """{"kind":"lucky","totalAmount":1e2,"shares":2}"""),
        Create("long overflow", """{"kind":"lucky","totalAmount":99999999999999999999,"shares":2}"""),
        Create("int overflow shares", """{"kind":"lucky","totalAmount":100,"shares":3000000000}"""),
        Create("unknown kind", """{"kind":"golden","totalAmount":100,"shares":2}"""),
        Create("kind as integer", """{"kind":1,"totalAmount":100,"shares":2}"""),
        Create("kind null", """{"kind":null,"totalAmount":100,"shares":2}"""),
        Create("kind missing", """{"totalAmount":100,"shares":2}"""),
        Create("total missing", """{"kind":"lucky","shares":2}"""),
        Create("shares missing", """{"kind":"lucky","totalAmount":100}"""),
        Create("total zero", """{"kind":"lucky","totalAmount":0,"shares":1}"""),
        Create("total negative", """{"kind":"lucky","totalAmount":-5,"shares":1}"""),
        Create("shares zero", """{"kind":"lucky","totalAmount":100,"shares":0}"""),
        Create("shares negative", """{"kind":"lucky","totalAmount":100,"shares":-1}"""),
        Create("too many shares", """{"kind":"lucky","totalAmount":10000000,"shares":100001}"""),
        Create("total below shares minimum", """{"kind":"lucky","totalAmount":5,"shares":10}"""),
        Create("total above maximum", """{"kind":"lucky","totalAmount":10000000001,"shares":1}"""),
        Create("greeting too long", $$"""{"kind":"lucky","totalAmount":100,"shares":2,"greeting":"{{new string('x', 201)}}"}"""),
        Create("greeting with NUL", """{"kind":"lucky","totalAmount":100,"shares":2,"greeting":"a\u0000b"}"""),
        Create("greeting with a control character", """{"kind":"lucky","totalAmount":100,"shares":2,"greeting":"a\u001bb"}"""),
        Create("greeting as number", """{"kind":"lucky","totalAmount":100,"shares":2,"greeting":5}"""),
        Create("audience as string", """{"kind":"lucky","totalAmount":100,"shares":2,"audience":"bob"}"""),
        Create("audience of numbers", """{"kind":"lucky","totalAmount":100,"shares":2,"audience":[1,2]}"""),
        Create("audience bad id", """{"kind":"lucky","totalAmount":100,"shares":2,"audience":["bad id!"]}"""),
        Create("audience duplicate", """{"kind":"lucky","totalAmount":100,"shares":2,"audience":["bob","bob"]}"""),
        Create("audience null entry", """{"kind":"lucky","totalAmount":100,"shares":2,"audience":[null]}"""),
        Create("audience too long", $$"""{"kind":"lucky","totalAmount":100,"shares":2,"audience":[{{string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"u{i}\""))}}]}"""),
        Create("ttl zero", """{"kind":"lucky","totalAmount":100,"shares":2,"ttlSeconds":0}"""),
        Create("ttl too long", """{"kind":"lucky","totalAmount":100,"shares":2,"ttlSeconds":100000000}"""),
        Create("ttl as string", """{"kind":"lucky","totalAmount":100,"shares":2,"ttlSeconds":"60"}"""),
        Create("fixed with totalAmount", """{"kind":"fixed","totalAmount":100,"shares":2}"""),
        Create("fixed without amountPerShare", """{"kind":"fixed","shares":2}"""),
        Create("fixed amountPerShare zero", """{"kind":"fixed","amountPerShare":0,"shares":2}"""),
        Create("fixed product overflow", """{"kind":"fixed","amountPerShare":9223372036854775807,"shares":2}"""),
        Create("lucky with amountPerShare", """{"kind":"lucky","totalAmount":100,"amountPerShare":50,"shares":2}"""),
        Create("duplicate property", """{"kind":"lucky","totalAmount":100,"totalAmount":1,"shares":2}"""),
        Create("deep nesting", """{"kind":"lucky","totalAmount":100,"shares":2,"greeting":""" + new string('[', 200) + new string(']', 200) + "}"),
        Create("trailing garbage", Valid + " x"),
        Create("json comment", """{"kind":"lucky",/* hi */"totalAmount":100,"shares":2}"""),
        Create("oversized body", $$"""{"kind":"lucky","totalAmount":100,"shares":2,"greeting":"{{new string('x', 40_000)}}"}"""),
        Create("text/plain content", Valid) with { ContentType = "text/plain" },
        Create("no content type", Valid) with { ContentType = null },
        Create("missing idempotency key", Valid) with { Key = null },
        Create("idempotency key too long", Valid) with { Key = new string('k', 500) },
        Create("idempotency key with spaces", Valid) with { Key = "a key with spaces" },
        Deposit("deposit empty object", "{}"),
        Deposit("deposit zero", """{"amount":0}"""),
        Deposit("deposit negative", """{"amount":-1}"""),
        Deposit("deposit as string", """{"amount":"100"}"""),
        Deposit("deposit fractional", """{"amount":10.5}"""),
        Deposit("deposit overflow", """{"amount":18446744073709551616}"""),
        Deposit("deposit above maximum", """{"amount":100000000001}"""),
        Deposit("deposit malformed", """{"amount":"""),
        Deposit("deposit no body", ""),
        Deposit("deposit missing key", """{"amount":100}""") with { Key = null },
        new("deposit bad user id", "POST", "/wallets/bad%20id/deposits", """{"amount":100}""", Admin: true),
        new("deposit overlong user id", "POST", $"/wallets/{new string('u', 65)}/deposits", """{"amount":100}""", Admin: true),
        new("grab malformed id", "POST", "/envelopes/not-an-id/grabs", null, ContentType: null, Key: null),
        new("grab unknown id", "POST", "/envelopes/env_00000000000000000000000000000000/grabs", null, ContentType: null, Key: null),
        new("grab overlong id", "POST", $"/envelopes/env_{new string('a', 2000)}/grabs", null, ContentType: null, Key: null),
        new("grab path traversal", "POST", "/envelopes/..%2F..%2Fwallets/grabs", null, ContentType: null, Key: null),
        new("get envelope sql-ish id", "GET", "/envelopes/env_'%20OR%201=1--", null, ContentType: null, Key: null),
        new("ledger limit text", "GET", "/wallets/me/ledger?limit=abc", null, ContentType: null, Key: null),
        new("ledger limit zero", "GET", "/wallets/me/ledger?limit=0", null, ContentType: null, Key: null),
        new("ledger limit huge", "GET", "/wallets/me/ledger?limit=99999999999", null, ContentType: null, Key: null),
        new("ledger before negative", "GET", "/wallets/me/ledger?before=-1", null, ContentType: null, Key: null),
        new("ledger before text", "GET", "/wallets/me/ledger?before=abc", null, ContentType: null, Key: null),
        new("dev token bad user id", "POST", "/dev/token", """{"userId":"bad id"}""", Key: null),
        new("dev token missing user id", "POST", "/dev/token", """{"roles":["admin"]}""", Key: null),
        new("dev token roles not strings", "POST", "/dev/token", """{"userId":"x","roles":[1]}""", Key: null),
        new("dev token bad role", "POST", "/dev/token", """{"userId":"x","roles":["Admin Role"]}""", Key: null),
        // .NET's "$" matches before a final "\n": every identifier must refuse a trailing newline (hence \z in every pattern).
        new("deposit user id with trailing newline", "POST", $"/wallets/{Target}%0A/deposits", """{"amount":100}""", Admin: true),
        new("get wallet with trailing newline", "GET", $"/wallets/{Target}%0A", null, ContentType: null, Key: null, Admin: true),
        new("grab envelope id with trailing newline", "POST", "/envelopes/" + Envelope + "%0A/grabs", null, ContentType: null, Key: null),
        new("get envelope id with trailing newline", "GET", "/envelopes/" + Envelope + "%0A", null, ContentType: null, Key: null),
        Create("audience entry with trailing newline", """{"kind":"lucky","totalAmount":100,"shares":2,"audience":["bob\n"]}"""),
        new("dev token user id with trailing newline", "POST", "/dev/token", """{"userId":"x\n"}""", Key: null),
        new("dev token role with trailing newline", "POST", "/dev/token", """{"userId":"x","roles":["admin\n"]}""", Key: null),
        new("wrong method on envelopes", "DELETE", "/envelopes/" + Envelope, null, ContentType: null, Key: null),
    ];

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Fact]
    public void There_are_at_least_fifty_cases_with_unique_names()
    {
        Assert.True(Cases.Length >= 50, $"only {Cases.Length} cases");
        Assert.Equal(Cases.Length, Cases.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Hostile_request_is_a_4xx_problem_and_changes_nothing(string name)
    {
        var hostile = Cases.Single(c => c.Name == name);
        var envelopeId = await SeedAsync();
        var before = await SnapshotAsync(envelopeId);

        using var client = api.As(hostile.Admin ? "hostile-admin" : Sender, hostile.Admin ? ["admin"] : []);
        using var response = await client.SendAsync(Request(hostile, envelopeId), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()));
        Assert.Equal(before, await SnapshotAsync(envelopeId));
    }

    private static HostileCase Create(string name, string body) => new(name, "POST", "/envelopes", body);

    private static HostileCase Deposit(string name, string body) => new(name, "POST", $"/wallets/{Target}/deposits", body, Admin: true);

    private static HttpRequestMessage Request(HostileCase hostile, string envelopeId)
    {
        var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path.Replace(Envelope, envelopeId, StringComparison.Ordinal));
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(hostile.Body));
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }

        if (hostile.Key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", hostile.Key == "fresh" ? Guid.NewGuid().ToString("N") : hostile.Key);
        }

        return request;
    }

    private static readonly SemaphoreSlim SeedGate = new(1, 1);
    private static string? seededEnvelopeId;

    /// <summary>A funded sender with one open, partly grabbed envelope; made once for all cases.</summary>
    private async Task<string> SeedAsync()
    {
        await SeedGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (seededEnvelopeId is null)
            {
                await api.DepositAsync(Sender, 10_000);
                await api.DepositAsync(Target, 500);
                var envelope = await api.CreateEnvelopeAsync(Sender, """{"kind":"lucky","totalAmount":1000,"shares":5}""");
                using var grabber = api.As("hostile-grabber");
                await grabber.PostAsync($"/envelopes/{envelope.Id}/grabs", null, TestContext.Current.CancellationToken);
                await api.WaitForCreditsAsync(envelope.Id);
                seededEnvelopeId = envelope.Id;
            }

            return seededEnvelopeId;
        }
        finally
        {
            SeedGate.Release();
        }
    }

    private async Task<string> SnapshotAsync(string envelopeId)
    {
        // Wallets are read by key whatever the id: a request that slipped past validation would show up here.
        var users = new[] { Sender, Target, "hostile-admin", "hostile-grabber", "x", "bad id", Target + "\n" };
        var audits = await Task.WhenAll(users.Select(u => api.Grains.Wallet(u).GetAuditAsync()));
        var ledgers = await Task.WhenAll(users.Select(u => api.Grains.Wallet(u).GetLedgerAsync(1000, null)));
        var envelope = await api.Grains.Envelope(envelopeId).GetDetailsAsync();
        return JsonSerializer.Serialize(new { audits, ledgerSizes = ledgers.Select(l => l.Entries.Count), envelope });
    }
}
