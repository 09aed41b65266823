using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>
/// Declares the bearer scheme, requires it on every operation that needs a token, and marks the others
/// <c>security: []</c> so that clients know they are anonymous.
/// </summary>
public sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT whose subject is the acting user. In embedded development mode, POST /dev/token issues one.",
        });
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Security = IsSecured(context.Description.ActionDescriptor.EndpointMetadata)
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }]
            : [];
        return Task.CompletedTask;
    }

    public static bool IsSecured(IList<object> endpointMetadata) =>
        endpointMetadata.OfType<IAuthorizeData>().Any() && !endpointMetadata.OfType<IAllowAnonymous>().Any();
}
