using Hongbao.Grains.Common;

namespace Hongbao.Tests.Common;

public sealed class FreshReadTests
{
    private readonly List<TaskCompletionSource<int>> reads = [];

    private Task<int> Read()
    {
        var read = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        reads.Add(read);
        return read.Task;
    }

    [Fact]
    public async Task A_caller_arriving_while_a_read_is_in_flight_is_answered_by_a_later_read()
    {
        var fresh = new FreshRead<int>(Read);
        var first = fresh.ReadAsync();
        var arrivedDuring = fresh.ReadAsync();

        reads[0].SetResult(1);
        Assert.Equal(1, await first);
        await Eventually.ReturnsAsync(() => Task.FromResult(reads.Count), count => count == 2, TimeSpan.FromSeconds(10), "the second read starts after the first");
        Assert.False(arrivedDuring.IsCompleted);

        reads[1].SetResult(2);
        Assert.Equal(2, await arrivedDuring);
    }

    [Fact]
    public async Task Callers_arriving_during_one_read_share_the_next()
    {
        var fresh = new FreshRead<int>(Read);
        _ = fresh.ReadAsync();
        var waiting = Enumerable.Range(0, 50).Select(_ => fresh.ReadAsync()).ToList();

        reads[0].SetResult(1);
        await Eventually.ReturnsAsync(() => Task.FromResult(reads.Count), count => count == 2, TimeSpan.FromSeconds(10), "the shared second read");
        reads[1].SetResult(2);

        Assert.All(await Task.WhenAll(waiting), value => Assert.Equal(2, value));
        Assert.Equal(2, reads.Count);
    }

    [Fact]
    public async Task A_failed_read_fails_only_its_own_callers()
    {
        var fresh = new FreshRead<int>(Read);
        var first = fresh.ReadAsync();
        var next = fresh.ReadAsync();

        reads[0].SetException(new InvalidOperationException("storage down"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Eventually.ReturnsAsync(() => Task.FromResult(reads.Count), count => count == 2, TimeSpan.FromSeconds(10), "the next read");
        reads[1].SetResult(7);

        Assert.Equal(7, await next);
        Assert.True(fresh.ReadAsync() is { IsCompleted: false });
    }
}
