namespace Hongbao.LoadTests.Scenarios.Api;

/// <summary>Round-robin over the API base URLs (one per API process in a cluster).</summary>
public sealed class TargetRotation
{
    private readonly Uri[] targets;
    private long next = -1;

    public TargetRotation(IReadOnlyList<Uri> targets)
    {
        if (targets.Count == 0)
        {
            throw new ArgumentException("at least one target URL is required", nameof(targets));
        }

        this.targets = [.. targets.Select(EnsureTrailingSlash)];
    }

    public IReadOnlyList<Uri> All => targets;

    public Uri Resolve(string relativePath) => new(targets[NextIndex()], relativePath);

    /// <summary>The index of the next target in the rotation.</summary>
    public int NextIndex() => (int)((ulong)Interlocked.Increment(ref next) % (ulong)targets.Length);

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
