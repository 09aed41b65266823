using System.Text.Json.Serialization;
using Hongbao.Api.Hosting;
using Hongbao.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Tests;

/// <summary>Every request and response body of every endpoint is serialized by source-generated code, never by reflection.</summary>
[Collection(nameof(ApiCollection))]
public sealed class JsonSourceGenerationTests(ApiFixture api)
{
    [Fact]
    public void Every_body_type_of_every_endpoint_resolves_through_the_generated_context()
    {
        var json = api.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText is { } route && !route.StartsWith("/dashboard", StringComparison.Ordinal));
        var bodyTypes = endpoints
            .SelectMany(endpoint => endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.Type)
                .Concat(endpoint.Metadata.OfType<IAcceptsMetadata>().Select(m => m.RequestType)))
            .OfType<Type>()
            .Where(type => type != typeof(void) && type != typeof(string))
            .Distinct()
            .ToList();

        Assert.Contains(typeof(Hongbao.Api.Envelopes.GrabView), bodyTypes);
        Assert.Contains(typeof(Hongbao.Api.Envelopes.CreateEnvelopeRequest), bodyTypes);
        Assert.Contains(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), bodyTypes);
        Assert.All(bodyTypes, type => Assert.IsAssignableFrom<JsonSerializerContext>(json.GetTypeInfo(type).OriginatingResolver));
        Assert.Same(ApiJsonContext.Default, json.GetTypeInfo(typeof(Hongbao.Api.Envelopes.GrabView)).OriginatingResolver);
    }
}
