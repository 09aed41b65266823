using System.Text.Json;
using System.Text.Json.Serialization;
using Hongbao.Api.Auth;
using Hongbao.Api.Dashboard;
using Hongbao.Api.Errors;
using Hongbao.Api.Health;
using Hongbao.Api.OpenApi;
using Hongbao.Api.RateLimiting;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Microsoft.AspNetCore.Http.Json;

namespace Hongbao.Api.Hosting;

public static class ApiServices
{
    /// <summary>Everything the HTTP side needs: JSON rules, problems, auth (with the dashboard cookie), rate limits, health and OpenAPI.</summary>
    public static WebApplicationBuilder AddHongbaoApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<JsonOptions>(json => ConfigureWireJson(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true); // unreadable requests reach ApiExceptionHandler
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.Complete);
        services.AddExceptionHandler<ApiExceptionHandler>();

        // The API validates requests against the engine's limits before calling it, also when the engine runs elsewhere.
        services.AddOptions<EnvelopeOptions>().BindConfiguration(EnvelopeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WalletOptions>().BindConfiguration(WalletOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddHongbaoAuth();
        builder.AddDashboardCookie();
        services.AddHongbaoRateLimits();
        services.AddHongbaoHealth();
        services.AddOpenApi(openApi => openApi
            .AddDocumentTransformer<BearerSecuritySchemeTransformer>()
            .AddDocumentTransformer<HealthPathsTransformer>()
            .AddDocumentTransformer<RequestSchemaTransformer>()
            .AddDocumentTransformer<DocumentInfoTransformer>()
            .AddOperationTransformer<BearerSecuritySchemeTransformer>()
            .AddOperationTransformer<StandardResponsesTransformer>()
            .AddOperationTransformer<ParameterSchemaTransformer>()
            .AddSchemaTransformer<ProblemSchemaTransformer>()
            .AddSchemaTransformer<RequestSchemaTransformer>());
        return builder;
    }

    /// <summary>
    /// camelCase, enums as camelCase strings, and nothing lenient: a wrong type is an error, not a guess, and so is
    /// a member the body does not have (a misspelt "audience" would otherwise make an envelope public).
    /// </summary>
    public static void ConfigureWireJson(JsonSerializerOptions json)
    {
        json.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.NumberHandling = JsonNumberHandling.Strict;
        json.AllowDuplicateProperties = false;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}
