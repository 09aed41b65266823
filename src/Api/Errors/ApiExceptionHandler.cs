using System.Text.Json;
using Hongbao.Api.Hosting;
using Hongbao.Contracts.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Hongbao.Api.Errors;

/// <summary>
/// The one place exceptions become responses: unreadable requests are 400 or 413, an engine that cannot
/// make a change durable (or answer in time) is 503 overloaded, anything else is a bare 500. No stack trace leaves.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ProblemFor(exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, problem.Status);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = null });
    }

    private static ProblemDetails ProblemFor(Exception exception)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            return BadRequest(badRequest);
        }

        // Storage down (a database error, possibly inside the provider's OrleansException while a grain loads),
        // a silo gone, or a call that timed out: the request may be retried, nothing was acknowledged.
        if (Unwrap(exception).Any(e => e is StorageUnavailableException or System.Data.Common.DbException or Orleans.Storage.InconsistentStateException
                or TimeoutException || ClusterUnreachable.Is(e)))
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.Overloaded, "The engine cannot take this request right now; retry shortly.");
        }

        return Problems.Create(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError, "An unexpected error occurred.");
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "The request body is too large.");
        }

        // Wrong JSON (syntax, types, overflow, unknown enum values, unknown members) names the field through its path.
        var errors = exception.InnerException is JsonException { Path: { Length: > 2 } path }
            ? new Dictionary<string, string[]> { [FieldOf(path)] = [DescribeField(FieldOf(path))] }
            : new Dictionary<string, string[]> { ["request"] = [Describe(exception)] };
        return Problems.Validation(errors);
    }

    private static string Describe(BadHttpRequestException exception) => exception.InnerException switch
    {
        JsonException => "The body is not valid JSON.",
        _ when exception.StatusCode == StatusCodes.Status415UnsupportedMediaType => "The body must be JSON (Content-Type: application/json).",
        // The framework's own message names parameters and types: never echoed to clients.
        _ => "The request could not be read.",
    };

    private static string DescribeField(string field) => RequestMembers.Contains(field)
        ? "The value is not valid for this field."
        : "This request body has no such member.";

    // Every member any request body has: a path naming another one is an unknown member, refused as such.
    private static readonly HashSet<string> RequestMembers = new[]
        {
            ApiJsonContext.Default.CreateEnvelopeRequest.Properties,
            ApiJsonContext.Default.DepositRequest.Properties,
            ApiJsonContext.Default.DevTokenRequest.Properties,
        }
        .SelectMany(properties => properties.Select(property => property.Name))
        .ToHashSet(StringComparer.Ordinal);

    // "$.audience[2]" → "audience"; "$.totalAmount" → "totalAmount".
    private static string FieldOf(string jsonPath)
    {
        var field = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;
        var end = field.IndexOfAny(['.', '[']);
        return end > 0 ? field[..end] : field;
    }

    private static IEnumerable<Exception> Unwrap(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Unwrap))
                {
                    yield return inner;
                }
            }
        }
    }
}
