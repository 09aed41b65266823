using Hongbao.Cluster.Tests.Infrastructure;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>
/// A grain state's identity as the persistence provider sends it. The hashes are deliberately the same for every
/// key: the schema must key on the clear columns, because real 32-bit hashes collide.
/// </summary>
public sealed record GrainKey(string Kind, string ServiceId, string StateName, long N0, long N1, string? Extension)
{
    private const int SharedHash = 12345;

    /// <summary>String keys travel whole in the extension column (non-hex strings; see the contract facts).</summary>
    public static GrainKey String(string serviceId, string key) => new("string", serviceId, "wallet", 0, 0, key);

    public static GrainKey Long(string serviceId, long key) => new("long", serviceId, "wallet", 0, key, null);

    public static GrainKey Guid(string serviceId, Guid key)
    {
        var bytes = key.ToByteArray();
        return new("guid", serviceId, "wallet", BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), null);
    }

    public static GrainKey Compound(string serviceId, Guid key, string extension) => Guid(serviceId, key) with { Kind = "compound", Extension = extension };

    public Arg[] Identity() =>
    [
        Arg.Int("GrainIdHash", SharedHash),
        Arg.Long("GrainIdN0", N0),
        Arg.Long("GrainIdN1", N1),
        Arg.Int("GrainTypeHash", SharedHash),
        Arg.Text("GrainTypeString", StateName),
        Arg.Text("GrainIdExtensionString", Extension),
        Arg.Text("ServiceId", ServiceId),
    ];

    public Arg[] Write(int? expectedVersion, byte[] payload) =>
        [.. Identity(), Arg.Int("GrainStateVersion", expectedVersion), Arg.Bytes("PayloadBinary", payload)];

    public Arg[] Clear(int? expectedVersion) => [.. Identity(), Arg.Int("GrainStateVersion", expectedVersion)];

    public override string ToString() => Kind;
}
