using Microsoft.Extensions.Configuration;

namespace Hongbao.Storage.Backends;

/// <summary>
/// A backend whose database also keeps Orleans' cluster membership, so that many silos and the API nodes find each
/// other through it. A backend without it runs one local silo (the embedded engine).
/// </summary>
public interface IMembershipBackend : IStorageBackend
{
    void AddMembership(ISiloBuilder silo, IConfiguration configuration);

    void AddMembership(IClientBuilder client, IConfiguration configuration);
}
