using System.Text.Json.Nodes;

namespace Hongbao.AppHost.Tests.Deployment;

/// <summary>
/// What deploy/k8s must not expose or overwrite: the silo ports admit silos and API nodes only, probes give up in
/// bounded time, and applying the kustomization never replaces the operator's real Secret with placeholders.
/// </summary>
public sealed class ManifestSecurityTests
{
    private static readonly int[] SiloPorts = [11111, 30000];

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

    [Fact]
    public async Task The_silo_and_gateway_ports_admit_only_silo_and_api_pods()
    {
        var manifests = await RenderedManifests.RenderAsync();
        var siloPods = PodLabels(manifests.Named("Deployment", "hongbao-silo"));
        var apiPods = PodLabels(manifests.Named("Deployment", "hongbao-api"));
        var policies = manifests.OfKind("NetworkPolicy")
            .Where(p => Selects(p["spec"]!["podSelector"]!["matchLabels"], siloPods))
            .ToList();
        Assert.NotEmpty(policies);

        foreach (var policy in policies)
        {
            Assert.Contains("Ingress", policy["spec"]!["policyTypes"]!.AsArray().Select(t => (string)t!));
            foreach (var rule in policy["spec"]!["ingress"]?.AsArray().Select(r => r!.AsObject()) ?? [])
            {
                // A rule without ports admits every port; one naming a silo port must name its peers and nothing wider.
                var ports = rule["ports"]?.AsArray().Select(p => Number(p!["port"])).ToList();
                Assert.True(ports is { Count: > 0 }, $"NetworkPolicy {Name(policy)} has a rule that admits every port");
                if (!ports.Intersect(SiloPorts).Any())
                {
                    continue;
                }

                var from = rule["from"]?.AsArray().Select(f => f!.AsObject()).ToList() ?? [];
                Assert.True(from.Count > 0, $"NetworkPolicy {Name(policy)} admits {string.Join(",", ports)} from anywhere");
                Assert.All(from, peer =>
                {
                    Assert.Equal(["podSelector"], peer.Select(p => p.Key));
                    var labels = peer["podSelector"]!["matchLabels"];
                    Assert.True(Selects(labels, siloPods) || Selects(labels, apiPods), $"NetworkPolicy {Name(policy)} admits other pods: {peer.ToJsonString()}");
                });
            }
        }

        // Together, the policies still let the cluster work: silos reach both ports of each other, API nodes the gateway.
        Assert.True(Admits(policies, siloPods, 11111) && Admits(policies, siloPods, 30000) && Admits(policies, apiPods, 30000));
        Assert.False(Admits(policies, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "intruder" }, 11111));
    }

    [Fact]
    public async Task Applying_the_kustomization_never_overwrites_the_real_secret()
    {
        var manifests = await RenderedManifests.RenderAsync();
        Assert.Empty(manifests.OfKind("Secret"));

        var referenced = manifests.OfKind("Deployment").SelectMany(Containers)
            .SelectMany(c => c["envFrom"]?.AsArray() ?? []).Select(s => (string?)s!["secretRef"]?["name"]).OfType<string>().Distinct().ToList();
        var example = Path.Combine(Repository.Root, "deploy", "examples", "hongbao-secrets.example.yaml");
        Assert.True(File.Exists(example), "the Secret's shape is documented by an example outside the kustomization");
        Assert.All(referenced, name => Assert.Contains($"name: {name}", File.ReadAllText(example), StringComparison.Ordinal));

        var operations = File.ReadAllText(Path.Combine(Repository.Root, "docs", "operations.md"));
        Assert.Contains("kubectl -n hongbao create secret generic hongbao-secrets", operations, StringComparison.Ordinal);
    }

    private static bool Admits(IEnumerable<JsonObject> policies, Dictionary<string, string> peer, int port) =>
        policies.All(policy => policy["spec"]!["ingress"]?.AsArray().Select(r => r!.AsObject()).Any(rule =>
            rule["ports"]!.AsArray().Any(p => Number(p!["port"]) == port)
            && (rule["from"] is null || rule["from"]!.AsArray().Any(f => f!["podSelector"] is { } selector && Selects(selector["matchLabels"], peer)))) == true);

    // The rendered YAML reaches us as JSON with every scalar a string.
    private static int Number(JsonNode? node) => int.Parse(node!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<JsonObject> Containers(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!.AsObject());

    private static Dictionary<string, string> PodLabels(JsonObject deployment) =>
        deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.ToString());

    private static bool Selects(JsonNode? matchLabels, Dictionary<string, string> labels) =>
        matchLabels is JsonObject selector && selector.Count > 0
        && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value!.ToString());

    private static string Name(JsonObject manifest) => (string)manifest["metadata"]!["name"]!;
}
