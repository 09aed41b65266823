namespace Hongbao.Api.Hosting;

public enum HostingMode
{
    /// <summary>The API co-hosts a silo on SQLite: one process, nothing to install.</summary>
    Embedded = 0,

    /// <summary>The API is an Orleans client of an external cluster.</summary>
    Cluster = 1,
}
