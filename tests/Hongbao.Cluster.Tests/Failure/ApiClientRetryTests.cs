using System.Net;
using System.Net.Http.Headers;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>The test client retries 503 as a real client does, against a scripted API instead of a cluster.</summary>
public sealed class ApiClientRetryTests
{
    private const string Envelope = """{"id":"env_1","totalAmount":100,"shares":2,"remainingAmount":100,"remainingShares":2,"status":"open","expiresAt":"2030-01-01T00:00:00Z","grabs":[]}""";

    [Fact]
    public async Task A_create_answered_503_is_sent_again_after_Retry_After_with_the_same_Idempotency_Key()
    {
        var api = new ScriptedApi(Overloaded(TimeSpan.Zero), Overloaded(TimeSpan.Zero), () => Answer(HttpStatusCode.OK, Envelope));
        using var client = new ApiClient(new HttpClient(api) { BaseAddress = new Uri("http://api.test") });

        var created = await client.CreateEnvelopeAsync("token", new { kind = "lucky", totalAmount = 100, shares = 2 });

        Assert.Equal("env_1", created.Id);
        Assert.Equal(3, api.Keys.Count);
        Assert.Single(api.Keys.Distinct());
        Assert.NotNull(api.Keys[0]);
    }

    [Fact]
    public async Task An_API_that_stays_overloaded_fails_the_call_after_the_bounded_attempts()
    {
        var api = new ScriptedApi(Enumerable.Repeat(Overloaded(TimeSpan.Zero), OverloadRetry.AttemptsMax + 5).ToArray());
        using var client = new ApiClient(new HttpClient(api) { BaseAddress = new Uri("http://api.test") });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.DepositAsync("token", "alice", 100));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(OverloadRetry.AttemptsMax, api.Keys.Count);
        Assert.Single(api.Keys.Distinct());
    }

    private static Func<HttpResponseMessage> Overloaded(TimeSpan retryAfter) => () =>
    {
        var response = Answer(HttpStatusCode.ServiceUnavailable, """{"code":"overloaded"}""");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    };

    private static HttpResponseMessage Answer(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    /// <summary>Answers each request with the next scripted response and records its Idempotency-Key.</summary>
    private sealed class ScriptedApi(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private int next;

        public List<string?> Keys { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Keys.Add(request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null);
            return Task.FromResult(answers[next++]());
        }
    }
}
