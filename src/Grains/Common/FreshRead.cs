namespace Hongbao.Grains.Common;

/// <summary>
/// One read shared by every caller that asked while it waited to start, so a crowd of callers costs one read, not one
/// each. A caller is only ever answered by a read that began after it asked: one that arrives while a read is in
/// flight waits for the next read, because the one in flight may have begun before a write the caller already saw
/// acknowledged. Single-threaded: a grain's turns call it.
/// </summary>
public sealed class FreshRead<T>(Func<Task<T>> read)
{
    private Task<T>? inFlight;
    private Task<T>? next;

    public Task<T> ReadAsync()
    {
        if (inFlight is null || inFlight.IsCompleted)
        {
            inFlight = read();
            return inFlight;
        }

        if (next is null || next.IsCompleted)
        {
            next = ReadAfterAsync(inFlight);
        }

        return next;
    }

    private async Task<T> ReadAfterAsync(Task<T> running)
    {
        try
        {
            await running;
        }
        catch (Exception)
        {
            // Its own callers see its failure; the callers waiting here get a read of their own.
        }

        var started = read();
        inFlight = started;
        next = null;
        return await started;
    }
}
