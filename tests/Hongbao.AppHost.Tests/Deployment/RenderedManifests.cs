using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Hongbao.AppHost.Tests.Deployment;

/// <summary>deploy/k8s as Kubernetes would receive it: rendered by `kubectl kustomize` (offline), one JSON node per object.</summary>
public sealed class RenderedManifests
{
    private RenderedManifests(IReadOnlyList<JsonObject> objects) => Objects = objects;

    public IReadOnlyList<JsonObject> Objects { get; }

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => (string?)o["metadata"]?["name"] == name)
        ?? throw new InvalidOperationException($"deploy/k8s renders no {kind} named {name}.");

    public static async Task<RenderedManifests> RenderAsync()
    {
        var info = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(Repository.Root, "deploy", "k8s")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("kubectl is not installed: the manifests cannot be rendered (apt-get install kubectl, or a kubectl binary on PATH).");
        }

        using (process)
        {
            var yaml = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize deploy/k8s failed: {await errors}");
            return new RenderedManifests(Parse(await yaml));
        }
    }

    /// <summary>
    /// The Secret an operator creates (it is not part of the kustomization, so applying it never overwrites the real
    /// one), read from its example in deploy/examples.
    /// </summary>
    public static JsonObject SecretExample(string name)
    {
        var path = Path.Combine(Repository.Root, "deploy", "examples", name + ".example.yaml");
        return Parse(File.ReadAllText(path)).Single(o => (string?)o["kind"] == "Secret" && (string?)o["metadata"]?["name"] == name);
    }

    private static List<JsonObject> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var toJson = new SerializerBuilder().JsonCompatible().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize(parser);
            if (document is not null)
            {
                objects.Add(JsonNode.Parse(toJson.Serialize(document))!.AsObject());
            }
        }

        return objects;
    }
}
