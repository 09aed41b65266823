using Hongbao.LoadTests.Scenarios.Api;

namespace Hongbao.LoadTests.Cli;

/// <summary>
/// Seam for <c>--mode grain</c>: starts the engine with a co-hosted client and returns an <see cref="IHongbaoApi"/>
/// that calls the grains directly (no HTTP), mapping grain outcomes onto the HTTP status and problem codes.
/// </summary>
public interface IGrainApiHost : IAsyncDisposable
{
    Task<IHongbaoApi> StartAsync(CancellationToken cancellation);
}
