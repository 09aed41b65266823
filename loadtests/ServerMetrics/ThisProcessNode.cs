namespace Hongbao.LoadTests.ServerMetrics;

/// <summary><c>--mode grain</c>: the engine runs in this process, so its CPU (and the generator's, inseparably) is this process's.</summary>
public sealed class ThisProcessNode : IServerNode
{
    public string Name => "this process (in-process silo and load generator)";

    public Task<NodeReading?> ReadAsync(CancellationToken cancellation) =>
        Task.FromResult<NodeReading?>(new NodeReading(Environment.CpuUsage.TotalTime.TotalSeconds, null));
}
