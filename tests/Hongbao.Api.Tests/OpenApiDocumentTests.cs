using System.Text.Json;
using System.Text.RegularExpressions;
using Hongbao.Api.OpenApi;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Tests;

/// <summary>
/// /openapi/v1.json against docs/api.md and the code: every documented endpoint with exactly the statuses it
/// answers, its security, problem bodies, headers and the request-schema rules, so that the document cannot drift.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class OpenApiDocumentTests(ApiFixture api)
{
    private const string Problem = "#/components/schemas/ProblemDetails";

    /// <summary>Method, path, secured, every status the endpoint answers. One row per endpoint of docs/api.md.</summary>
    public static TheoryData<string, string, bool, string> Endpoints => new()
    {
        { "POST", "/envelopes", true, "200 201 400 401 409 413 422 428 429 503" },
        { "GET", "/envelopes/{id}", true, "200 401 404 429 503" },
        { "POST", "/envelopes/{id}/grabs", true, "200 201 401 403 404 409 410 429 503" },
        { "GET", "/envelopes/{id}/grabs", true, "200 400 401 404 429 503" },
        { "GET", "/wallets/me", true, "200 401 429 503" },
        { "GET", "/wallets/me/ledger", true, "200 400 401 429 503" },
        { "GET", "/wallets/{userId}", true, "200 400 401 403 429 503" },
        { "POST", "/wallets/{userId}/deposits", true, "200 201 400 401 403 413 422 428 429 503" },
        { "POST", "/dev/token", false, "200 400 404 413 429" },
        { "GET", "/health/live", false, "200" },
        { "GET", "/health/ready", false, "200 503" },
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_is_documented_with_its_statuses_security_and_headers(string method, string path, bool secured, string statuses)
    {
        using var document = await LoadAsync();
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());

        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()));
        var responses = operation.GetProperty("responses");
        Assert.Equal(statuses.Split(' '), responses.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));

        var security = operation.GetProperty("security");
        Assert.Equal(secured ? ["Bearer"] : [], security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(s => s.Name)));

        foreach (var response in responses.EnumerateObject())
        {
            var status = int.Parse(response.Name);
            if (status >= 400 && !path.StartsWith("/health/", StringComparison.Ordinal))
            {
                Assert.Equal(Problem, response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
            }

            if (status is 429 || (status is 503 && secured))
            {
                Assert.Equal("integer", response.Value.GetProperty("headers").GetProperty("Retry-After").GetProperty("schema").GetProperty("type").GetString());
            }

            if (status is 201)
            {
                Assert.True(response.Value.GetProperty("headers").GetProperty("Location").GetProperty("required").GetBoolean());
            }
        }

        foreach (var parameter in operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : default)
        {
            var (name, schema) = (parameter.GetProperty("name").GetString(), parameter.GetProperty("schema"));
            switch (name)
            {
                case "Idempotency-Key":
                    Assert.True(parameter.GetProperty("required").GetBoolean());
                    Assert.Equal(WirePatterns.IdempotencyKey, schema.GetProperty("pattern").GetString());
                    Assert.True(schema.GetProperty("maxLength").GetInt32() > 0);
                    break;
                case "id":
                    Assert.Equal(WirePatterns.EnvelopeId, schema.GetProperty("pattern").GetString());
                    break;
                case "userId":
                    Assert.Equal(WirePatterns.UserId, schema.GetProperty("pattern").GetString());
                    break;
            }
        }
    }

    [Fact]
    public async Task Every_endpoint_of_docs_api_md_is_in_the_table_and_the_document_has_no_other()
    {
        var table = Endpoints.Select(row => $"{row.Data.Item1} {row.Data.Item2}").ToHashSet();
        var documented = Regex.Matches(await File.ReadAllTextAsync(RepositoryFile("docs/api.md"), Cancel), @"^\| `(?<method>[A-Z]+) (?<path>/[^`?]*)", RegexOptions.Multiline)
            .Select(m => $"{m.Groups["method"].Value} {m.Groups["path"].Value}");
        Assert.Equal(table.Order(), documented.Distinct().Order());

        using var document = await LoadAsync();
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"));
        Assert.Equal(table.Order(), operations.Order());
    }

    [Fact]
    public async Task Problem_schema_has_code_trace_id_and_errors()
    {
        using var document = await LoadAsync();
        var problem = Schema(document, "ProblemDetails");
        var properties = problem.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("code").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("traceId").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("errors").GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Contains("code", Strings(problem.GetProperty("required")));
    }

    [Fact]
    public async Task Grab_outcome_is_granted_or_already_grabbed()
    {
        using var document = await LoadAsync();
        var outcome = Schema(document, "GrabView").GetProperty("properties").GetProperty("outcome").GetProperty("$ref").GetString()!;
        Assert.Equal(["granted", "alreadyGrabbed"], Strings(Schema(document, outcome.Split('/')[^1]).GetProperty("enum")));
    }

    [Theory]
    [InlineData("CreateEnvelopeRequest", "kind shares", "totalAmount amountPerShare shares")]
    [InlineData("DepositRequest", "amount", "amount")]
    [InlineData("DevTokenRequest", "userId", "")]
    public async Task Request_schema_requires_only_what_the_api_requires_and_takes_no_null(string schemaId, string required, string positive)
    {
        using var document = await LoadAsync();
        var schema = Schema(document, schemaId);
        Assert.Equal(required.Split(' ').Order(), Strings(schema.GetProperty("required")).Order());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean(), "unknown members are refused");
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            Assert.False(property.Value.TryGetProperty("oneOf", out _), property.Name);
            var type = property.Value.TryGetProperty("type", out var t) ? t.ToString() : "$ref";
            Assert.DoesNotContain("null", type, StringComparison.Ordinal);
        }

        foreach (var name in positive.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Equal(1, schema.GetProperty("properties").GetProperty(name).GetProperty("minimum").GetInt64());
        }
    }

    [Fact]
    public async Task Ledger_limit_is_an_integer_from_1_to_200()
    {
        using var document = await LoadAsync();
        var limit = document.RootElement.GetProperty("paths").GetProperty("/wallets/me/ledger").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");
        Assert.Equal(("integer", 1, 200), (limit.GetProperty("type").GetString(), limit.GetProperty("minimum").GetInt32(), limit.GetProperty("maximum").GetInt32()));
    }

    /// <summary>A kind whose amount member is not on the request, or not described, cannot be sent by a client.</summary>
    [Fact]
    public async Task Every_envelope_kind_is_on_the_wire_with_its_amount_member_described()
    {
        using var document = await LoadAsync();
        var request = Schema(document, "CreateEnvelopeRequest").GetProperty("properties");
        var kinds = Strings(Schema(document, "EnvelopeKind").GetProperty("enum"));

        foreach (var kind in Hongbao.Grains.Envelopes.Kinds.EnvelopeKinds.All)
        {
            Assert.Contains(kind.WireName, kinds);
            Assert.True(request.TryGetProperty(kind.AmountMember, out var amount), $"{kind.WireName}: CreateEnvelopeRequest has no member {kind.AmountMember}");
            Assert.Contains(kind.AmountDescription, amount.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A client generated from the document must type each number the handlers parse as a number, with its bounds;
    /// only the page cursors are opaque text (their next values are strings on the wire).
    /// </summary>
    [Fact]
    public async Task Every_query_parameter_but_a_cursor_is_an_integer_with_its_bounds()
    {
        string[] opaqueCursors = ["cursor", "before"];
        using var document = await LoadAsync();
        var queryParameters = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name, Operation: operation.Value)))
            .SelectMany(o => o.Operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray().Select(p => (o.Path, Parameter: p)) : [])
            .Where(p => p.Parameter.GetProperty("in").GetString() == "query")
            .ToList();

        Assert.Contains(queryParameters, p => p.Path == "/envelopes/{id}/grabs" && p.Parameter.GetProperty("name").GetString() == "limit");
        foreach (var (path, parameter) in queryParameters)
        {
            var name = parameter.GetProperty("name").GetString()!;
            var schema = parameter.GetProperty("schema");
            if (opaqueCursors.Contains(name))
            {
                Assert.Equal("string", schema.GetProperty("type").GetString());
                continue;
            }

            Assert.True(schema.TryGetProperty("type", out var type) && type.GetString() == "integer", $"{path} ?{name} is not typed integer: {schema}");
            Assert.True(schema.TryGetProperty("minimum", out _) && schema.TryGetProperty("maximum", out _), $"{path} ?{name} has no bounds: {schema}");
        }
    }

    [Fact]
    public async Task Every_reference_resolves()
    {
        using var document = await LoadAsync();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var references = Regex.Matches(document.RootElement.GetRawText(), "\"\\$ref\":\\s*\"#/components/schemas/(?<id>[^\"]+)\"");
        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(schemas.TryGetProperty(reference.Groups["id"].Value, out _), reference.Value));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("A_b-9", true)]
    [InlineData("", false)]
    [InlineData("bob!", false)]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", true)]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345", false)]
    public void Documented_user_id_pattern_agrees_with_the_code(string userId, bool valid)
    {
        Assert.Equal(valid, UserId.IsValid(userId));
        Assert.Equal(valid, EcmaMatch(WirePatterns.UserId, userId));
    }

    [Theory]
    [InlineData("env_0123456789abcdef0123456789abcdef", true)]
    [InlineData("env_0123456789ABCDEF0123456789abcdef", false)]
    [InlineData("env_0123456789abcdef0123456789abcde", false)]
    public void Documented_envelope_id_pattern_agrees_with_the_code(string envelopeId, bool valid)
    {
        Assert.Equal(valid, EnvelopeId.IsWellFormed(envelopeId));
        Assert.Equal(valid, EcmaMatch(WirePatterns.EnvelopeId, envelopeId));
    }

    private static bool EcmaMatch(string pattern, string value) => Regex.IsMatch(value, pattern, RegexOptions.ECMAScript);

    private async Task<JsonDocument> LoadAsync()
    {
        using var anonymous = api.Anonymous();
        return JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Cancel));
    }

    private static JsonElement Schema(JsonDocument document, string id) =>
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(id);

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);

    private static string RepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return Path.Combine(directory.FullName, relativePath);
            }
        }

        throw new FileNotFoundException($"No Orleans.sln above {AppContext.BaseDirectory}, so {relativePath} cannot be found.");
    }
}
