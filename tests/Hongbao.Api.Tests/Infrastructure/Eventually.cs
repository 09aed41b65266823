namespace Hongbao.Api.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> returns a value that satisfies <paramref name="done"/>, or fails at the deadline.</summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Gave up after {deadline} waiting for {what}; last value: {value}");
            }

            await Task.Delay(delay, TestContext.Current.CancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
