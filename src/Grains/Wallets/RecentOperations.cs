using Hongbao.Grains.Persistence;

namespace Hongbao.Grains.Wallets;

/// <summary>The last operations a wallet applied, oldest forgotten first: a bounded cache in front of the ledger rows.</summary>
public sealed class RecentOperations(int capacity)
{
    private readonly Dictionary<string, LedgerRecord> byOperationId = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public bool TryGet(string operationId, out LedgerRecord record) => byOperationId.TryGetValue(operationId, out record!);

    public void Remember(LedgerRecord record)
    {
        if (!byOperationId.TryAdd(record.OperationId, record))
        {
            return;
        }

        order.Enqueue(record.OperationId);
        if (order.Count > capacity)
        {
            byOperationId.Remove(order.Dequeue());
        }
    }

    public void Clear()
    {
        byOperationId.Clear();
        order.Clear();
    }
}
