using System.Text.Json.Nodes;

namespace Hongbao.AppHost.Tests.Deployment;

/// <summary>
/// What deploy/k8s must not expose or leave unbounded: probes give up in bounded time.
/// </summary>
public sealed class ManifestSecurityTests
{
    [Fact]
    public async Task Every_probe_has_an_explicit_timeout_shorter_than_its_period()
    {
        var manifests = await RenderedManifests.RenderAsync();
        foreach (var container in manifests.OfKind("Deployment").SelectMany(Containers))
        {
            foreach (var (kind, probe) in new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Select(p => (p, container[p])).Where(p => p.Item2 is not null))
            {
                Assert.True(probe!["timeoutSeconds"] is not null, $"{container["name"]} {kind} has no timeoutSeconds");
                Assert.True(Number(probe["timeoutSeconds"]) < Number(probe["periodSeconds"]), $"{container["name"]} {kind}: timeout not below period");
            }
        }
    }

    // The rendered YAML reaches us as JSON with every scalar a string.
    private static int Number(JsonNode? node) => int.Parse(node!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<JsonObject> Containers(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!.AsObject());
}
