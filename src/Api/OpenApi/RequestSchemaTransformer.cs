using System.Globalization;
using Hongbao.Api.Dev;
using Hongbao.Api.Envelopes;
using Hongbao.Api.Wallets;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Envelopes.Kinds;
using Hongbao.Grains.Wallets;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>
/// Request bodies as clients must send them. The C# types make every member nullable so that a missing field is a
/// validation error naming it; on the wire only the truly required members are required, none takes null, no other
/// member is allowed, and the limits the API enforces are stated.
/// </summary>
public sealed class RequestSchemaTransformer(IOptions<EnvelopeOptions> envelopes, IOptions<WalletOptions> wallets)
    : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer
{
    private static readonly string[] RequestSchemaIds = [nameof(CreateEnvelopeRequest), nameof(DepositRequest), nameof(DevTokenRequest)];

    /// <summary>
    /// A nullable enum member is written as "oneOf: null or the enum" after the schema transformers ran, so it is
    /// unwrapped here, on the finished components.
    /// </summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var id in RequestSchemaIds)
        {
            if (document.Components?.Schemas?.TryGetValue(id, out var schema) == true && schema is OpenApiSchema { Properties: { } properties })
            {
                foreach (var (name, property) in properties.ToList())
                {
                    if (property is OpenApiSchema { OneOf: [_, _] alternatives } && alternatives.Count(IsNull) == 1)
                    {
                        properties[name] = alternatives.Single(alternative => !IsNull(alternative));
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(CreateEnvelopeRequest))
        {
            var limits = envelopes.Value;
            Describe(schema, required: ["kind", "shares"]);
            foreach (var kinds in EnvelopeKinds.All.GroupBy(kind => kind.AmountMember))
            {
                var amount = Property(schema, kinds.Key);
                amount.Minimum = EnvelopeOptions.ShareMinFen.ToString(CultureInfo.InvariantCulture);
                amount.Maximum = limits.TotalMaxFen.ToString(CultureInfo.InvariantCulture);
                amount.Description = string.Join(" ", kinds.Select(kind => kind.AmountDescription));
            }

            Property(schema, "shares").Minimum = "1";
            Property(schema, "shares").Maximum = limits.SharesMax.ToString(CultureInfo.InvariantCulture);
            Property(schema, "greeting").MaxLength = limits.GreetingLengthMax;
            Property(schema, "audience").MaxItems = limits.AudienceMax;
            Property(schema, "audience").Description = "User ids who may grab; absent or empty: anyone.";
            ((OpenApiSchema)Property(schema, "audience").Items!).Pattern = WirePatterns.UserId;
            Property(schema, "ttlSeconds").Minimum = limits.TtlMinSeconds.ToString(CultureInfo.InvariantCulture);
            Property(schema, "ttlSeconds").Maximum = limits.TtlMaxSeconds.ToString(CultureInfo.InvariantCulture);
            Property(schema, "ttlSeconds").Description = $"Default {limits.TtlDefaultSeconds}.";
        }
        else if (type == typeof(DepositRequest))
        {
            Describe(schema, required: ["amount"]);
            Property(schema, "amount").Minimum = "1";
            Property(schema, "amount").Maximum = wallets.Value.DepositMaxFen.ToString(CultureInfo.InvariantCulture);
        }
        else if (type == typeof(DevTokenRequest))
        {
            Describe(schema, required: ["userId"]);
            Property(schema, "userId").Pattern = WirePatterns.UserId;
            Property(schema, "roles").MaxItems = DevTokenApi.RolesMax;
            ((OpenApiSchema)Property(schema, "roles").Items!).Pattern = WirePatterns.Role;
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiSchema schema, string[] required)
    {
        schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
        schema.AdditionalPropertiesAllowed = false; // unknown members are refused (ApiServices.ConfigureWireJson)
        foreach (var property in schema.Properties?.Values.OfType<OpenApiSchema>() ?? [])
        {
            property.Type &= ~JsonSchemaType.Null;
        }
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };

    private static OpenApiSchema Property(OpenApiSchema schema, string name) => (OpenApiSchema)schema.Properties![name];
}
