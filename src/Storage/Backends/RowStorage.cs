using Hongbao.Grains.Persistence;
using Hongbao.Storage.Rows;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Storage.Backends;

public static class RowStorage
{
    /// <summary>
    /// Envelopes and wallets in rows, written by one <see cref="CommitQueue"/> per database. Each backend calls this
    /// after registering its <see cref="IRowDatabase"/>.
    /// </summary>
    public static ISiloBuilder AddRowStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        silo.Services.AddSingleton(storage);
        silo.Services.AddSingleton<CommitQueue>();
        silo.Services.AddSingleton<RowStore>();
        silo.Services.AddSingleton<IEnvelopeRows>(sp => sp.GetRequiredService<RowStore>());
        silo.Services.AddSingleton<IWalletRows>(sp => sp.GetRequiredService<RowStore>());
        return silo;
    }
}
