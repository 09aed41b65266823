using System.Net;

namespace Hongbao.LoadTests.Tests.Fakes;

/// <summary>Serves each metrics URL's scrapes in turn (the last one again once they run out); an unknown URL gets 404.</summary>
internal sealed class ScriptedMetricsHandler(IReadOnlyDictionary<string, string[]> scrapesByUrl) : HttpMessageHandler
{
    private readonly Dictionary<string, int> served = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.AbsoluteUri;
        if (!scrapesByUrl.TryGetValue(url, out var scrapes))
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        lock (served)
        {
            var index = served.GetValueOrDefault(url);
            served[url] = index + 1;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(scrapes[Math.Min(index, scrapes.Length - 1)]) });
        }
    }
}
