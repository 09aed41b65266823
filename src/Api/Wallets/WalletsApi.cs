using System.Security.Claims;
using Hongbao.Api.Auth;
using Hongbao.Api.Errors;
using Hongbao.Api.Idempotency;
using Hongbao.Api.RateLimiting;
using Hongbao.Contracts.Common;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Wallets;

public static class WalletsApi
{
    public static RouteGroupBuilder MapWalletsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/wallets").WithTags("Wallets").RequireAuthorization().RequireRateLimiting(RateLimitPolicies.Wallets);
        api.MapGet("/me", GetMineAsync).WithName("GetMyWallet")
            .WithSummary("My balance").WithDescription("The token subject's balance in fen.");
        api.MapGet("/me/ledger", GetMyLedgerAsync).WithName("GetMyLedger")
            .WithSummary("My ledger").WithDescription("The token subject's ledger entries, newest first, a page at a time: pass next back as before.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer(LedgerQuery.DescribeAsync);
        api.MapGet("/{userId}", GetAsync).WithName("GetWallet").RequireAuthorization(Roles.AdminPolicy)
            .WithSummary("A user's balance (admin)").WithDescription("Any user's balance in fen; admins only.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/{userId}/deposits", DepositAsync).WithName("Deposit").RequireAuthorization(Roles.AdminPolicy)
            .WithSummary("Deposit to a wallet (admin)")
            .WithDescription("Credits amount fen to the user's wallet: 201 with the balance right after it; the same Idempotency-Key and body again replays 200.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    public static async Task<Ok<WalletView>> GetMineAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(WalletView.From(await grains.Wallet(user.UserId()).GetBalanceAsync()));

    public static async Task<Results<Ok<LedgerView>, ProblemHttpResult>> GetMyLedgerAsync(
        [FromQuery(Name = "limit")] string? limitText, [FromQuery(Name = "before")] string? beforeText, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = LedgerQuery.Parse(limitText, beforeText, out var limit, out var before);
        if (errors.Count > 0)
        {
            return Problems.ValidationFailed(errors);
        }

        return TypedResults.Ok(LedgerView.From(await grains.Wallet(user.UserId()).GetLedgerAsync(limit, before)));
    }

    public static async Task<Results<Ok<WalletView>, ProblemHttpResult>> GetAsync(string userId, IGrainFactory grains)
    {
        if (!UserId.IsValid(userId))
        {
            return Problems.ValidationFailed("userId", "userId must be 1-64 characters of [A-Za-z0-9_-].");
        }

        return TypedResults.Ok(WalletView.From(await grains.Wallet(userId).GetBalanceAsync()));
    }

    public static async Task<Results<Created<WalletView>, Ok<WalletView>, ProblemHttpResult>> DepositAsync(
        string userId,
        DepositRequest request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        IGrainFactory grains,
        IOptions<WalletOptions> walletOptions)
    {
        var limits = walletOptions.Value;
        if (IdempotencyKey.Check(idempotencyKey, limits) is { } keyProblem)
        {
            return keyProblem;
        }

        if (!UserId.IsValid(userId))
        {
            return Problems.ValidationFailed("userId", "userId must be 1-64 characters of [A-Za-z0-9_-].");
        }

        if (request.Amount is not { } amountFen || amountFen <= 0 || amountFen > limits.DepositMaxFen)
        {
            return Problems.ValidationFailed("amount", $"amount is required: an integer number of fen between 1 and {limits.DepositMaxFen}.");
        }

        var result = await grains.Wallet(userId).DepositAsync(amountFen, idempotencyKey!);
        var view = new WalletView(userId, result.BalanceFen);
        return result.Outcome switch
        {
            DepositOutcome.Applied => TypedResults.Created($"/wallets/{userId}", view),
            DepositOutcome.Replayed => TypedResults.Ok(view),
            _ => Problems.From(result.Outcome),
        };
    }
}
