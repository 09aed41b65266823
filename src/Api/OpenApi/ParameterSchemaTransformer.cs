using Hongbao.Api.Idempotency;
using Hongbao.Grains.Wallets;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>
/// Parameters whose meaning is the same on every operation: the envelope id and user id in paths, and the
/// Idempotency-Key header (required, with its length and characters). Handlers bind them as plain strings so
/// that they can answer a bad one with the contract's problem; the document states the rule.
/// </summary>
public sealed class ParameterSchemaTransformer(IOptions<WalletOptions> wallets) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            switch (parameter.In, parameter.Name)
            {
                case (ParameterLocation.Path, "id"):
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = WirePatterns.EnvelopeId };
                    parameter.Description = "Envelope id; a malformed one is answered 404 envelope_not_found.";
                    break;
                case (ParameterLocation.Path, "userId"):
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = WirePatterns.UserId };
                    break;
                case (ParameterLocation.Header, IdempotencyKey.Header):
                    parameter.Required = true;
                    parameter.Description = "Makes the request safe to retry: the same key with the same body replays the first answer (200).";
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        MinLength = 1,
                        MaxLength = wallets.Value.IdempotencyKeyLengthMax,
                        Pattern = WirePatterns.IdempotencyKey,
                    };
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
