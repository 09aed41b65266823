using Hongbao.Api.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>
/// The answers the pipeline gives on any operation, whatever its handler says: 401 without a valid token, 429 from
/// the rate limiter, 503 when the engine cannot answer, 413 for an oversized body, and the Location of every 201.
/// Each problem has the problem body; 429 and 503 carry Retry-After.
/// </summary>
public sealed class StandardResponsesTransformer(IOptions<HostingOptions> hosting) : IOpenApiOperationTransformer
{
    public const string ProblemSchemaId = "ProblemDetails";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var responses = operation.Responses ??= new OpenApiResponses();
        var problem = new OpenApiSchemaReference(ProblemSchemaId, context.Document);
        if (BearerSecuritySchemeTransformer.IsSecured(metadata))
        {
            responses.TryAdd("401", Problem("No, bad or expired token, or its subject is not a user id (unauthorized).", problem));
            responses.TryAdd("503", Problem("The engine or its storage cannot take the request now (overloaded); nothing was done. Retry after Retry-After.", problem, RetryAfter()));
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            responses.TryAdd("429", Problem("Over the caller's rate limit (rate_limited).", problem, RetryAfter()));
        }

        if (operation.RequestBody is not null)
        {
            responses.TryAdd("413", Problem($"The body is larger than {hosting.Value.RequestBodyBytesMax} bytes (payload_too_large).", problem));
        }

        if (responses.TryGetValue("201", out var created) && created is OpenApiResponse createdResponse)
        {
            createdResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
            createdResponse.Headers["Location"] = new OpenApiHeader
            {
                Description = "Path of the created or changed resource.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            };
        }

        return Task.CompletedTask;
    }

    public static OpenApiResponse Problem(string description, IOpenApiSchema schema, params (string Name, OpenApiHeader Header)[] headers) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        Headers = headers.Length == 0 ? null : headers.ToDictionary(h => h.Name, h => (IOpenApiHeader)h.Header),
    };

    private static (string, OpenApiHeader) RetryAfter() => ("Retry-After", new OpenApiHeader
    {
        Description = "Seconds to wait before retrying.",
        Required = true,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
    });
}
