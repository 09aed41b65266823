using Microsoft.Extensions.Configuration;

namespace Hongbao.Storage.Backends;

/// <summary>
/// A database the engine can keep its data in. A backend registers everything the rows need on one database
/// (<see cref="Rows.IRowDatabase"/>, the schema installer, a health probe) and Orleans' durable reminders on the same
/// database; <see cref="RowStorage.AddRowStorage"/> adds what all backends share.
/// </summary>
public interface IStorageBackend
{
    /// <summary>The name "Hongbao:Storage:Provider" selects it by (case-insensitive).</summary>
    string Name { get; }

    /// <summary>Registers the backend on a silo, reading its own section of <paramref name="configuration"/>.</summary>
    void AddStorage(ISiloBuilder silo, IConfiguration configuration);
}
