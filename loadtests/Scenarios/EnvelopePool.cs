namespace Hongbao.LoadTests.Scenarios;

/// <summary>
/// The festival's grabbable envelopes, newest first and bounded: the newest envelope is the most popular
/// (Zipf over recency), as a fresh envelope in a busy group chat is.
/// </summary>
internal sealed class EnvelopePool(int capacity)
{
    private readonly Lock gate = new();
    private readonly LinkedList<string> newestFirst = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return newestFirst.Count;
            }
        }
    }

    public void Add(string envelopeId)
    {
        lock (gate)
        {
            newestFirst.AddFirst(envelopeId);
            if (newestFirst.Count > capacity)
            {
                newestFirst.RemoveLast();
            }
        }
    }

    public void Remove(string envelopeId)
    {
        lock (gate)
        {
            newestFirst.Remove(envelopeId);
        }
    }

    /// <summary>The envelope at a popularity rank (0 = newest), or null when the pool is empty.</summary>
    public string? AtRank(int rank)
    {
        lock (gate)
        {
            if (newestFirst.Count == 0)
            {
                return null;
            }

            return newestFirst.ElementAt(Math.Min(rank, newestFirst.Count - 1));
        }
    }
}
