using System.Diagnostics;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hongbao.Api.Errors;

/// <summary>Every problem response is shaped here: domain outcomes, validation, and the status-only defaults.</summary>
public static class Problems
{
    /// <summary>Seconds a client should wait after 503 overloaded.</summary>
    public const int OverloadedRetryAfterSeconds = 1;

    public static ProblemHttpResult From(GrabOutcome outcome) => outcome switch
    {
        GrabOutcome.Exhausted => Coded(StatusCodes.Status409Conflict, ProblemCodes.EnvelopeExhausted, "Every share of this envelope has been taken."),
        GrabOutcome.Expired => Coded(StatusCodes.Status410Gone, ProblemCodes.EnvelopeExpired, "This envelope has expired."),
        GrabOutcome.NotInAudience => Coded(StatusCodes.Status403Forbidden, ProblemCodes.NotInAudience, "This envelope is for other users."),
        GrabOutcome.NotFound => EnvelopeNotFound(),
        GrabOutcome.Overloaded => Overloaded("Settlement is behind; retry shortly."),
        _ => throw new UnreachableException($"{outcome} is not a failure"),
    };

    public static ProblemHttpResult From(CreateEnvelopeResult result) => result.Outcome switch
    {
        CreateEnvelopeOutcome.InsufficientFunds => Coded(StatusCodes.Status409Conflict, ProblemCodes.InsufficientFunds, "The balance does not cover this envelope."),
        CreateEnvelopeOutcome.IdempotencyKeyReused => IdempotencyKeyReused(),
        CreateEnvelopeOutcome.Invalid => ValidationFailed(result.Errors),
        _ => throw new UnreachableException($"{result.Outcome} is not a failure"),
    };

    public static ProblemHttpResult From(DepositOutcome outcome) => outcome switch
    {
        DepositOutcome.IdempotencyKeyReused => IdempotencyKeyReused(),
        DepositOutcome.Invalid => ValidationFailed(new Dictionary<string, string[]> { ["amount"] = ["The deposit was refused as invalid."] }),
        _ => throw new UnreachableException($"{outcome} is not a failure"),
    };

    public static ProblemHttpResult EnvelopeNotFound() =>
        Coded(StatusCodes.Status404NotFound, ProblemCodes.EnvelopeNotFound, "No such envelope.");

    public static ProblemHttpResult Forbidden(string detail) =>
        Coded(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, detail);

    public static ProblemHttpResult IdempotencyKeyRequired() =>
        Coded(StatusCodes.Status428PreconditionRequired, ProblemCodes.IdempotencyKeyRequired, "This request needs an Idempotency-Key header.");

    public static ProblemHttpResult IdempotencyKeyReused() =>
        Coded(StatusCodes.Status422UnprocessableEntity, ProblemCodes.IdempotencyKeyReused, "This Idempotency-Key was already used with a different request.");

    public static ProblemHttpResult Overloaded(string detail) =>
        TypedResults.Problem(Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.Overloaded, detail));

    public static ProblemHttpResult ValidationFailed(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(Validation(errors));

    public static ProblemHttpResult ValidationFailed(string field, string message) =>
        ValidationFailed(new Dictionary<string, string[]> { [field] = [message] });

    public static HttpValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
        };
        problem.Extensions["code"] = ProblemCodes.ValidationFailed;
        return problem;
    }

    public static ProblemDetails Create(int status, string code, string? detail = null)
    {
        var problem = new ProblemDetails { Status = status, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>The code of a problem written for a bare status code (auth challenges, rate limiter, routing).</summary>
    public static string DefaultCode(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemCodes.ValidationFailed,
        StatusCodes.Status401Unauthorized => ProblemCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemCodes.Forbidden,
        StatusCodes.Status404NotFound => ProblemCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemCodes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ProblemCodes.PayloadTooLarge,
        StatusCodes.Status429TooManyRequests => ProblemCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ProblemCodes.Overloaded,
        _ => status >= 500 ? ProblemCodes.InternalError : "http_" + status,
    };

    /// <summary>Adds what every problem carries: the code (when the writer gave none) and the trace id.</summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.TryAdd("code", DefaultCode(problem.Status ?? context.HttpContext.Response.StatusCode));
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.HttpContext.Response.Headers.RetryAfter = OverloadedRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static ProblemHttpResult Coded(int status, string code, string detail) => TypedResults.Problem(Create(status, code, detail));
}
