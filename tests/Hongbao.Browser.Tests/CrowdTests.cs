namespace Hongbao.Browser.Tests;

/// <summary>The race people come to watch: a crowd released from the page on a small envelope.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class CrowdTests(BrowserFixture browser)
{
    private const int Crowd = 200;
    private const int Shares = 50;
    private const long TotalFen = 8_888;
    private static readonly TimeSpan CrowdGrabLatency = TimeSpan.FromMilliseconds(150);

    /// <summary>Set to a file path, the test also saves a screenshot of the page mid-race there (docs/web-page.png).</summary>
    private static readonly string? ScreenshotPath = Environment.GetEnvironmentVariable("HONGBAO_SCREENSHOT");

    [Fact]
    public async Task A_crowd_of_200_takes_exactly_the_50_shares_and_every_fen_is_accounted_for()
    {
        await browser.Api.DepositAsync("crowd-sender", 100_000);
        await using var sender = await browser.PersonAsync(width: 1280, height: 1000);
        await sender.GotoAsync();
        await sender.SignInAsync("crowd-sender");
        await sender.SendAsync("lucky", "88.88", Shares, greeting: "新年快乐");
        var id = await sender.EnvelopeIdAsync();
        await sender.ExpectStatusAsync("open");

        if (ScreenshotPath is not null)
        {
            // On loopback the race is over between two frames; a phone network's latency makes it last long enough to see.
            await EmulateLatencyAsync(sender.Page, latencyMs: 100);
        }

        var crowd = sender.Page.GetByTestId("crowd-form");
        await crowd.GetByLabel("Crowd size").FillAsync(Crowd.ToString());
        await crowd.GetByRole(AriaRole.Button, new() { Name = "Release the crowd" }).ClickAsync();
        if (ScreenshotPath is not null)
        {
            // Mid-race: some shares shown as taken while the envelope is still open.
            await sender.Page.WaitForFunctionAsync(
                "() => document.querySelectorAll('#grab-list li').length >= 5 && document.getElementById('status').dataset.status === 'open'",
                null,
                new() { Timeout = 60_000, PollingInterval = 20 });
            await sender.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await sender.Page.ScreenshotAsync(new() { Path = ScreenshotPath });
        }

        var summary = sender.Page.GetByTestId("crowd-summary");
        await Expect(summary).ToHaveAttributeAsync("data-done", "true", new() { Timeout = 60_000 });
        await Expect(summary).ToHaveAttributeAsync("data-granted", Shares.ToString());
        await Expect(summary).ToContainTextAsync($"{Crowd - Shares} × Too late");
        await sender.ExpectStatusAsync("settled", timeoutMs: 60_000);
        await Expect(sender.GrabRows).ToHaveCountAsync(Shares);
        await Expect(sender.Page.GetByTestId("remaining-shares")).ToHaveTextAsync($"0 of {Shares}");

        var grabs = await sender.GrabListAsync();
        var prefix = await summary.GetAttributeAsync("data-prefix");
        Assert.Equal(Shares, grabs.Select(g => g.UserId).Distinct().Count());
        Assert.All(grabs, g => Assert.True(g.UserId.StartsWith(prefix!, StringComparison.Ordinal) && g.Fen >= 1, $"{g}"));
        Assert.Equal(TotalFen, grabs.Sum(g => g.Fen));

        await Expect(sender.BestLuck).ToBeVisibleAsync();
        var best = grabs.MaxBy(g => g.Fen);
        Assert.Equal(best.Fen.ToString(), await sender.BestLuck.GetAttributeAsync("data-fen"));
        await Expect(sender.GrabRows.Filter(new() { HasText = "best luck" })).ToHaveCountAsync(1);

        var crowdIds = Enumerable.Range(1, Crowd).Select(i => $"{prefix}{i:D3}");
        await MoneyAudit.AssertConservedAsync(browser.Api, crowdIds.Append("crowd-sender"), [id]);
    }

    /// <summary>
    /// With more than the view's first 100 grabs, the live view pages the rest while it polls: under the shipped
    /// rate limits it must never be refused (429), also while the crowd races.
    /// </summary>
    [Fact]
    public async Task The_live_view_of_a_300_share_race_is_never_rate_limited()
    {
        const int shares = 300;
        await browser.Api.DepositAsync("crowd300-sender", 100_000);
        await using var sender = await browser.PersonAsync(width: 1280, height: 1000);
        var limited = new List<string>();
        sender.Page.Response += (_, response) =>
        {
            if (response.Status == 429)
            {
                lock (limited)
                {
                    limited.Add(response.Url);
                }
            }
        };
        await sender.GotoAsync();
        await sender.SignInAsync("crowd300-sender");
        await sender.SendAsync("lucky", "300.00", shares);
        var id = await sender.EnvelopeIdAsync();
        await sender.ExpectStatusAsync("open");

        // The crowd on phones: each grab takes a while to arrive, so the race lasts long enough for the live view to
        // poll it many times (on bare loopback it is over after a few looks). The view's own reads are not slowed.
        await sender.Page.RouteAsync("**/envelopes/*/grabs", async route =>
        {
            if (route.Request.Method == "POST")
            {
                await Task.Delay(CrowdGrabLatency);
            }

            await route.ContinueAsync();
        });
        var crowd = sender.Page.GetByTestId("crowd-form");
        await crowd.GetByLabel("Crowd size").FillAsync(shares.ToString());
        await crowd.GetByRole(AriaRole.Button, new() { Name = "Release the crowd" }).ClickAsync();
        var summary = sender.Page.GetByTestId("crowd-summary");
        await Expect(summary).ToHaveAttributeAsync("data-done", "true", new() { Timeout = 90_000 });
        await Expect(summary).ToHaveAttributeAsync("data-granted", shares.ToString());
        await sender.ExpectStatusAsync("settled", timeoutMs: 60_000);
        await Expect(sender.GrabRows).ToHaveCountAsync(shares);

        Assert.True(limited.Count == 0, $"{limited.Count} responses were 429, e.g. {limited.FirstOrDefault()}");
        var prefix = await summary.GetAttributeAsync("data-prefix");
        var crowdIds = Enumerable.Range(1, shares).Select(i => $"{prefix}{i:D3}");
        await MoneyAudit.AssertConservedAsync(browser.Api, crowdIds.Append("crowd300-sender"), [id]);
    }

    private static async Task EmulateLatencyAsync(IPage page, int latencyMs)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = latencyMs,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = -1,
        });
    }
}
