using System.Security.Claims;
using Hongbao.Api.Auth;
using Hongbao.Api.Errors;
using Hongbao.Api.Idempotency;
using Hongbao.Api.RateLimiting;
using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Envelopes;

public static class EnvelopesApi
{
    public static RouteGroupBuilder MapEnvelopesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/envelopes").WithTags("Envelopes").RequireAuthorization();
        api.MapPost("/", CreateAsync).WithName("CreateEnvelope").RequireRateLimiting(RateLimitPolicies.Envelopes)
            .WithSummary("Send an envelope")
            .WithDescription("Debits the sender (the token subject) and opens a lucky (random shares of totalAmount) or fixed (amountPerShare each) envelope. 201 with its view; the same Idempotency-Key and body again replays 200.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapGet("/{id}", GetAsync).WithName("GetEnvelope").RequireRateLimiting(RateLimitPolicies.EnvelopeReads)
            .WithSummary("Read an envelope")
            .WithDescription("Amounts left, status and the first grabs (GET /envelopes/{id}/grabs pages them all). An envelope with an audience is 404 to anyone but its sender and audience. Credits reach wallets asynchronously: poll until status is settled.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/grabs", GetGrabsAsync).WithName("GetEnvelopeGrabs").RequireRateLimiting(RateLimitPolicies.GrabPages)
            .WithSummary("Page an envelope's grabs")
            .WithDescription("Every durable grab in grab order, limit (1-200, default 50) at a time; pass next back as cursor until it is null. The view carries only the first grabs.")
            .AddOpenApiOperationTransformer(GrabPageQuery.DescribeAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/grabs", GrabAsync).WithName("GrabEnvelope").RequireRateLimiting(RateLimitPolicies.Grabs)
            .WithSummary("Grab a share")
            .WithDescription("The token subject grabs once: 201 granted the first time, 200 alreadyGrabbed with the same share after. The amount is credited to the wallet asynchronously.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return api;
    }

    public static async Task<Results<Created<EnvelopeView>, Ok<EnvelopeView>, ProblemHttpResult>> CreateAsync(
        CreateEnvelopeRequest request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ClaimsPrincipal user,
        IGrainFactory grains,
        IOptions<EnvelopeOptions> envelopeOptions,
        IOptions<WalletOptions> walletOptions)
    {
        if (IdempotencyKey.Check(idempotencyKey, walletOptions.Value) is { } keyProblem)
        {
            return keyProblem;
        }

        var errors = request.MissingFields();
        var spec = request.ToSpec();
        if (errors.Count == 0)
        {
            errors = EnvelopeSpecValidator.Validate(spec, envelopeOptions.Value).ToDictionary();
        }

        if (errors.Count > 0)
        {
            return Problems.ValidationFailed(errors);
        }

        var result = await grains.Wallet(user.UserId()).CreateEnvelopeAsync(spec, idempotencyKey!);
        return result.Outcome switch
        {
            CreateEnvelopeOutcome.Created => TypedResults.Created($"/envelopes/{result.Envelope!.EnvelopeId}", EnvelopeView.From(result.Envelope)),
            CreateEnvelopeOutcome.Replayed => TypedResults.Ok(EnvelopeView.From(result.Envelope!)),
            _ => Problems.From(result),
        };
    }

    /// <summary>An envelope the reader may not see (audience-restricted) is 404, like one that does not exist.</summary>
    public static async Task<Results<Ok<EnvelopeView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!EnvelopeId.IsWellFormed(id))
        {
            return Problems.EnvelopeNotFound();
        }

        var details = await grains.Envelope(id).GetViewAsync(user.UserId());
        return details is null ? Problems.EnvelopeNotFound() : TypedResults.Ok(EnvelopeView.From(details));
    }

    public static async Task<Results<Ok<GrabPageView>, ProblemHttpResult>> GetGrabsAsync(
        string id, [FromQuery(Name = "limit")] string? limitText, [FromQuery(Name = "cursor")] string? cursorText, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!EnvelopeId.IsWellFormed(id))
        {
            return Problems.EnvelopeNotFound();
        }

        var errors = GrabPageQuery.Parse(limitText, cursorText, out var limit, out var from);
        if (errors.Count > 0)
        {
            return Problems.ValidationFailed(errors);
        }

        var page = await grains.Envelope(id).GetGrabsAsync(user.UserId(), from, limit);
        return page is null ? Problems.EnvelopeNotFound() : TypedResults.Ok(GrabPageView.From(page));
    }

    public static async Task<Results<Created<GrabView>, Ok<GrabView>, ProblemHttpResult>> GrabAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!EnvelopeId.IsWellFormed(id))
        {
            return Problems.EnvelopeNotFound();
        }

        var result = await grains.Envelope(id).GrabAsync(user.UserId());
        return result.Outcome switch
        {
            GrabOutcome.Granted => TypedResults.Created($"/envelopes/{id}", GrabView.From(id, result)),
            GrabOutcome.AlreadyGrabbed => TypedResults.Ok(GrabView.From(id, result)),
            _ => Problems.From(result.Outcome),
        };
    }
}
