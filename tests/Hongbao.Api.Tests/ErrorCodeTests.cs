using System.Net;
using Hongbao.Api.Errors;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Api.Tests;

/// <summary>Every error status and code of the HTTP contract (docs/api.md, "Errors"); auth and idempotency have their own classes.</summary>
[Collection(nameof(ApiCollection))]
public sealed class ErrorCodeTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invalid_envelope_is_400_validation_failed_with_an_errors_map()
    {
        using var sender = api.As("err-validation");
        var response = await sender.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":5,"shares":10,"ttlSeconds":99999999}""", "err-v-1");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("totalAmount", out _));
        Assert.True(errors.TryGetProperty("ttlSeconds", out _));
    }

    [Fact]
    public async Task Not_in_audience_is_403()
    {
        await api.DepositAsync("err-audience-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("err-audience-sender", """{"kind":"lucky","totalAmount":100,"shares":1,"audience":["err-friend"]}""");
        using var stranger = api.As("err-stranger");
        await (await stranger.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_in_audience");
    }

    [Theory]
    [InlineData("env_00000000000000000000000000000000")]
    [InlineData("not-an-envelope")]
    [InlineData("ENV_00000000000000000000000000000000")]
    public async Task Unknown_or_malformed_envelope_is_404(string id)
    {
        using var user = api.As("err-finder");
        await (await user.GetAsync($"/envelopes/{id}", Cancel)).AssertProblemAsync(HttpStatusCode.NotFound, "envelope_not_found");
        await (await user.PostAsync($"/envelopes/{id}/grabs", null, Cancel)).AssertProblemAsync(HttpStatusCode.NotFound, "envelope_not_found");
    }

    [Fact]
    public async Task Exhausted_envelope_is_409()
    {
        await api.DepositAsync("err-exhaust-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("err-exhaust-sender", """{"kind":"fixed","amountPerShare":10,"shares":1}""");
        using var first = api.As("err-exhaust-1");
        using var second = api.As("err-exhaust-2");
        await (await first.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel)).ReadAsync<WireGrab>(HttpStatusCode.Created);
        await (await second.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel)).AssertProblemAsync(HttpStatusCode.Conflict, "envelope_exhausted");
    }

    [Fact]
    public async Task Expired_envelope_is_410()
    {
        await api.DepositAsync("err-expire-sender", 1_000);
        var envelope = await api.CreateEnvelopeAsync("err-expire-sender", """{"kind":"lucky","totalAmount":100,"shares":2,"ttlSeconds":1}""");
        using var late = api.As("err-late");
        await Eventually.MatchAsync(
            async () => await (await late.GetAsync($"/envelopes/{envelope.Id}", Cancel)).ReadAsync<WireEnvelope>(HttpStatusCode.OK),
            view => view.Status is "expired" or "settled",
            TimeSpan.FromSeconds(15),
            "the envelope to expire");
        var response = await late.PostAsync($"/envelopes/{envelope.Id}/grabs", null, Cancel);
        await response.AssertProblemAsync(HttpStatusCode.Gone, "envelope_expired");
    }

    [Fact]
    public async Task Insufficient_funds_is_409_and_debits_nothing()
    {
        await api.DepositAsync("err-poor", 50);
        using var poor = api.As("err-poor");
        await (await poor.PostJsonAsync("/envelopes", """{"kind":"lucky","totalAmount":51,"shares":1}""", "err-poor-1"))
            .AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_funds");
        Assert.Equal(50, (await (await poor.GetAsync("/wallets/me", Cancel)).ReadAsync<WireWallet>(HttpStatusCode.OK)).Balance);
    }

    [Fact]
    public async Task Too_many_requests_is_429_with_retry_after()
    {
        using var user = api.As("err-hammer");
        for (var i = 0; i < ApiFixture.WalletRequestsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/wallets/me", Cancel)).StatusCode);
        }

        var limited = await user.GetAsync("/wallets/me", Cancel);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);

        // Limits are per user: another user is not affected.
        using var other = api.As("err-bystander");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/wallets/me", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        using var sender = api.As("err-big");
        var greeting = new string('x', 20_000);
        await (await sender.PostJsonAsync("/envelopes", $$"""{"kind":"lucky","totalAmount":100,"shares":1,"greeting":"{{greeting}}"}""", "err-big-1"))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        using var user = api.As("err-lost");
        await (await user.GetAsync("/nowhere", Cancel)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    // The settlement backlog bound and a failing storage cannot be provoked cheaply through a healthy engine,
    // so the two mappings are driven directly, through the same Problems and exception handler the endpoints use.
    [Fact]
    public async Task Overloaded_grab_outcome_is_503_with_retry_after()
    {
        var context = NewContext();
        await Problems.From(GrabOutcome.Overloaded).ExecuteAsync(context);
        AssertOverloaded(context);
    }

    [Fact]
    public async Task Storage_unavailable_is_503_with_retry_after_even_when_wrapped()
    {
        var context = NewContext();
        var handler = context.RequestServices.GetServices<IExceptionHandler>().OfType<ApiExceptionHandler>().Single();
        var wrapped = new AggregateException(new InvalidOperationException("outer", new StorageUnavailableException("disk gone")));
        Assert.True(await handler.TryHandleAsync(context, wrapped, Cancel));
        AssertOverloaded(context);
        context.Response.Body.Position = 0;
        Assert.DoesNotContain("disk gone", await new StreamReader(context.Response.Body).ReadToEndAsync(Cancel), StringComparison.Ordinal);
    }

    private DefaultHttpContext NewContext()
    {
        var scope = api.Factory.Services.CreateScope();
        return new DefaultHttpContext { RequestServices = scope.ServiceProvider, Response = { Body = new MemoryStream() } };
    }

    private static void AssertOverloaded(HttpContext context)
    {
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        using var body = System.Text.Json.JsonDocument.Parse(context.Response.Body);
        Assert.Equal("overloaded", body.RootElement.GetProperty("code").GetString());
    }
}
