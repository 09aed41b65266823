namespace Hongbao.Testing;

/// <summary>Waits for a condition with a deadline; tests never sleep for a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last value: {last}");
            }

            await Task.Delay(50);
            last = await probe();
        }

        return last;
    }
}
