using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>
/// The health endpoints: health-check endpoints are not minimal-API handlers, so the generator does not see them.
/// They answer text/plain Healthy or Unhealthy, without a token.
/// </summary>
public sealed class HealthPathsTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= new OpenApiPaths();
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = "Health" });
        document.Paths["/health/live"] = Get("HealthLive", "The process serves HTTP",
            "Asks no dependency, so a slow engine never gets the process restarted.", unhealthy: false);
        document.Paths["/health/ready"] = Get("HealthReady", "The engine answers",
            "The latest background probe (every 2 s) found that a grain call makes the round trip and, embedded, the SQLite file answers a query.", unhealthy: true);
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Get(string operationId, string summary, string description, bool unhealthy)
    {
        var responses = new OpenApiResponses { ["200"] = Text("Healthy") };
        if (unhealthy)
        {
            responses["503"] = Text("Unhealthy");
        }

        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = operationId,
                    Summary = summary,
                    Description = description,
                    Tags = new HashSet<OpenApiTagReference> { new("Health") },
                    Security = [],
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse Text(string status) => new()
    {
        Description = status,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(status)] } },
        },
    };
}
