using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Hongbao.Api.Auth;
using Hongbao.Api.Hosting;
using Hongbao.Api.RateLimiting;
using Hongbao.Hosting;
using Hongbao.Hosting.Health;
using Hongbao.Hosting.Telemetry;
using Hongbao.Storage;
using Hongbao.Storage.Postgres;
using Hongbao.Storage.Sqlite;
using Orleans.Configuration;

namespace Hongbao.AppHost.Tests.Deployment;

/// <summary>
/// deploy/k8s hangs together with the code it deploys: selectors find their pods, probes hit paths and ports our
/// processes serve, every setting binds to a real option, and the images are the ones the build publishes.
/// Nothing here talks to a cluster: kubectl only renders.
/// </summary>
public sealed class KubernetesManifestTests
{
    /// <summary>Where each configuration section binds (configuration keys, as the manifests spell them with "__").</summary>
    private static readonly Dictionary<string, Type> OptionSections = new(StringComparer.OrdinalIgnoreCase)
    {
        [StorageOptions.Section] = typeof(StorageOptions),
        [SqliteStorageOptions.Section] = typeof(SqliteStorageOptions),
        [PostgresStorageOptions.Section] = typeof(PostgresStorageOptions),
        [HongbaoClusterOptions.Section] = typeof(HongbaoClusterOptions),
        [HongbaoClusterOptions.MembershipSection] = typeof(ClusterMembershipOptions),
        [HongbaoClusterOptions.GatewaySection] = typeof(GatewayOptions),
        [HongbaoClusterOptions.MessagingSection] = typeof(ClientMessagingOptions),
        [TelemetryOptions.Section] = typeof(TelemetryOptions),
        [HostingOptions.Section] = typeof(HostingOptions),
        [AuthOptions.Section] = typeof(AuthOptions),
        [RateLimitOptions.Section] = typeof(RateLimitOptions),
    };

    /// <summary>Variables read by the platform rather than by our options, each for a stated reason.</summary>
    private static readonly Dictionary<string, string> PlatformVariables = new()
    {
        ["ASPNETCORE_HTTP_PORTS"] = "Kestrel's port (health on silos, the API on API nodes)",
        ["DOTNET_SHUTDOWNTIMEOUTSECONDS"] = "the host's HostOptions.ShutdownTimeout: how long a graceful stop may take",
        ["POD_NAME"] = "Orleans.Hosting.Kubernetes: the silo's name",
        ["POD_NAMESPACE"] = "Orleans.Hosting.Kubernetes: where to watch the silo pods",
        ["POD_IP"] = "Orleans.Hosting.Kubernetes: the advertised address",
        ["ORLEANS_SERVICE_ID"] = "Orleans.Hosting.Kubernetes: ClusterOptions.ServiceId",
        ["ORLEANS_CLUSTER_ID"] = "Orleans.Hosting.Kubernetes: ClusterOptions.ClusterId",
    };

    private static readonly string[] HealthPaths = [SiloHealth.LivePath, SiloHealth.ReadyPath];

    [Fact]
    public async Task Selectors_of_deployments_services_and_disruption_budgets_match_pod_labels()
    {
        var manifests = await RenderedManifests.RenderAsync();
        var podLabels = manifests.OfKind("Deployment").Select(d => Labels(d["spec"]!["template"]!["metadata"]!["labels"])).ToList();
        Assert.NotEmpty(podLabels);

        foreach (var deployment in manifests.OfKind("Deployment"))
        {
            Assert.True(Matches(Labels(deployment["spec"]!["selector"]!["matchLabels"]), Labels(deployment["spec"]!["template"]!["metadata"]!["labels"])),
                $"Deployment {Name(deployment)} does not select its own pods");
        }

        foreach (var selecting in manifests.OfKind("Service").Select(s => (Object: s, Selector: s["spec"]!["selector"]))
                     .Concat(manifests.OfKind("PodDisruptionBudget").Select(p => (Object: p, Selector: p["spec"]!["selector"]!["matchLabels"]))))
        {
            Assert.True(podLabels.Any(labels => Matches(Labels(selecting.Selector), labels)), $"{selecting.Object["kind"]} {Name(selecting.Object)} selects no pod");
        }
    }

    [Fact]
    public async Task Probes_hit_the_health_paths_on_the_port_the_process_listens_on()
    {
        var manifests = await RenderedManifests.RenderAsync();
        foreach (var container in Containers(manifests))
        {
            var listensOn = Environment(manifests, container)["ASPNETCORE_HTTP_PORTS"];
            foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Select(p => container[p]).OfType<JsonNode>())
            {
                var get = probe["httpGet"]!;
                Assert.Contains((string)get["path"]!, HealthPaths);
                var port = (string)get["port"]!;
                var number = container["ports"]!.AsArray().SingleOrDefault(p => (string?)p!["name"] == port)?["containerPort"]?.ToString() ?? port;
                Assert.True(number == listensOn, $"container {container["name"]} probes port {port} ({number}) but listens on {listensOn}");
            }

            Assert.NotNull(container["readinessProbe"]);
            Assert.NotNull(container["livenessProbe"]);
        }
    }

    [Fact]
    public async Task Every_environment_variable_binds_to_a_real_option_or_is_read_by_the_platform()
    {
        var manifests = await RenderedManifests.RenderAsync();
        var names = Containers(manifests).SelectMany(c => Environment(manifests, c).Keys).Distinct().ToList();
        Assert.Contains("Hongbao__Storage__Postgres__ConnectionString", names);

        var unbound = names.Where(name => !PlatformVariables.ContainsKey(name) && !Binds(name)).ToList();
        Assert.True(unbound.Count == 0, $"set in deploy/k8s but bound to no option: {string.Join(", ", unbound)}");
    }

    [Fact]
    public async Task Silo_pods_carry_the_cluster_ids_the_api_nodes_look_for_and_leave_within_their_grace_period()
    {
        var manifests = await RenderedManifests.RenderAsync();
        var silo = manifests.Named("Deployment", "hongbao-silo");
        var api = manifests.Named("Deployment", "hongbao-api");
        var labels = Labels(silo["spec"]!["template"]!["metadata"]!["labels"]);
        var apiSettings = Environment(manifests, Containers(api).Single());

        Assert.Equal(apiSettings["Hongbao__Cluster__ClusterId"], labels["orleans/clusterId"]);
        Assert.Equal(apiSettings["Hongbao__Cluster__ServiceId"], labels["orleans/serviceId"]);
        foreach (var deployment in new[] { silo, api })
        {
            var grace = int.Parse(deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var shutdown = int.Parse(Environment(manifests, Containers(deployment).Single())["DOTNET_SHUTDOWNTIMEOUTSECONDS"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(shutdown < grace, $"{Name(deployment)}: a {shutdown} s shutdown does not fit a {grace} s grace period");
        }
    }

    [Fact]
    public async Task Images_are_the_ones_the_build_publishes()
    {
        var manifests = await RenderedManifests.RenderAsync();
        var expected = new Dictionary<string, string>
        {
            ["hongbao-silo"] = ContainerRepository("src/Silo/Hongbao.Silo.csproj"),
            ["hongbao-api"] = ContainerRepository("src/Api/Hongbao.Api.csproj"),
        };
        foreach (var (deployment, image) in expected)
        {
            var container = Containers(manifests.Named("Deployment", deployment)).Single();
            var name = ((string)container["image"]!).Split(':')[0];
            Assert.Equal(image, name);
        }
    }

    private static string ContainerRepository(string project) =>
        XDocument.Load(Path.Combine(Repository.Root, project)).Descendants("ContainerRepository").SingleOrDefault()?.Value
        ?? throw new InvalidOperationException($"{project} names no ContainerRepository: its image would be named after the assembly.");

    /// <summary>"Hongbao__Cluster__Membership__ProbeTimeout" binds when the longest known section has that property.</summary>
    private static bool Binds(string variable)
    {
        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        var section = OptionSections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
        if (section is null)
        {
            return false;
        }

        var property = OptionSections[section].GetProperty(key[(section.Length + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is { CanWrite: true };
    }

    private static IEnumerable<JsonObject> Containers(RenderedManifests manifests) => manifests.OfKind("Deployment").SelectMany(Containers);

    private static IEnumerable<JsonObject> Containers(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!.AsObject());

    /// <summary>
    /// A container's environment: its envFrom ConfigMaps and Secrets (the operator creates the Secret; its example
    /// shows the keys), then its own env (values from fields show as the field).
    /// </summary>
    private static Dictionary<string, string> Environment(RenderedManifests manifests, JsonObject container)
    {
        var environment = new Dictionary<string, string>();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var (kind, name, data) = source!["configMapRef"] is { } map
                ? ("ConfigMap", (string)map["name"]!, "data")
                : ("Secret", (string)source["secretRef"]!["name"]!, "stringData");
            foreach (var (key, value) in (kind == "Secret" ? RenderedManifests.SecretExample(name) : manifests.Named(kind, name))[data]!.AsObject())
            {
                environment[key] = value!.ToString();
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            environment[(string)variable!["name"]!] = variable["value"]?.ToString() ?? variable["valueFrom"]!.ToJsonString();
        }

        return environment;
    }

    private static Dictionary<string, string> Labels(JsonNode? labels) =>
        labels!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.ToString());

    private static bool Matches(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static string Name(JsonObject manifest) => (string)manifest["metadata"]!["name"]!;
}
