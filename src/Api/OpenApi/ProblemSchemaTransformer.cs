using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>
/// The problem schema as every problem response really is (Problems.Complete): RFC 9457 members plus the stable
/// <c>code</c>, the <c>traceId</c> and, for validation_failed, <c>errors</c>.
/// </summary>
public sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            // Not an enum: a status without a code of its own answers "http_<status>", and clients must accept new codes.
            Description = "Stable machine-readable code, e.g. validation_failed, envelope_exhausted, rate_limited (docs/api.md, Errors).",
        };
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "W3C trace id of the request, to find it in traces and logs.",
        };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "validation_failed only: wire field name (or \"request\") to messages.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Required = new HashSet<string> { "status", "code", "traceId" };
        return Task.CompletedTask;
    }
}
