namespace Hongbao.Storage.Backends;

/// <summary>Asks the database for the cheapest answer it can give: what readiness means for storage.</summary>
public interface IStorageProbe
{
    Task ProbeAsync(CancellationToken cancellationToken);
}
