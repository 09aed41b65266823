using System.Collections;
using System.Diagnostics;

namespace Hongbao.Api.Tests.Telemetry;

/// <summary>What the in-memory exporter has received; it adds from request threads while a test reads.</summary>
public sealed class ExportedActivities : ICollection<Activity>
{
    private readonly List<Activity> activities = [];

    public int Count
    {
        get
        {
            lock (activities)
            {
                return activities.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public Activity[] Snapshot()
    {
        lock (activities)
        {
            return [.. activities];
        }
    }

    public void Add(Activity item)
    {
        lock (activities)
        {
            activities.Add(item);
        }
    }

    public void Clear()
    {
        lock (activities)
        {
            activities.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (activities)
        {
            return activities.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
