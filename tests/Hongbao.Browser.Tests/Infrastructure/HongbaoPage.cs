using System.Text.RegularExpressions;

namespace Hongbao.Browser.Tests.Infrastructure;

/// <summary>One person's tab on the page, driven the way a person would: by labels, buttons and the test hooks.</summary>
public sealed partial class HongbaoPage(IPage page) : IAsyncDisposable
{
    public IPage Page => page;

    public ILocator Balance => page.GetByTestId("balance");

    public ILocator Status => page.GetByTestId("status");

    public ILocator GrabButton => page.GetByTestId("grab-button");

    public ILocator MyShare => page.GetByTestId("my-share");

    public ILocator GrabRows => page.GetByTestId("grab-list").Locator("li");

    public ILocator BestLuck => page.GetByTestId("best-luck");

    public ILocator EnvelopeLink => page.GetByTestId("envelope-link");

    public async Task GotoAsync(string url = "/")
    {
        await page.GotoAsync(url);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
    }

    /// <summary>Development sign-in: the page asks /dev/token for a token for this user id.</summary>
    public async Task SignInAsync(string userId, bool admin = false)
    {
        var form = page.GetByTestId("signin-form");
        await form.GetByLabel("User id").FillAsync(userId);
        await form.GetByLabel("Admin").SetCheckedAsync(admin);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#who-name")).ToHaveTextAsync(userId);
    }

    public async Task SendAsync(string kind, string amountYuan, int shares, string? greeting = null, string? audience = null, bool doubleClick = false)
    {
        var form = page.GetByTestId("send-form");
        await form.GetByLabel(kind == "fixed" ? "Fixed" : "Lucky").CheckAsync();
        await form.GetByLabel(kind == "fixed" ? "Amount per share (yuan)" : "Total (yuan)").FillAsync(amountYuan);
        await form.GetByLabel("Shares", new() { Exact = true }).FillAsync(shares.ToString());
        if (greeting is not null)
        {
            await form.GetByLabel("Greeting").FillAsync(greeting);
        }

        if (audience is not null)
        {
            await form.GetByLabel("Audience").FillAsync(audience);
        }

        var send = form.GetByRole(AriaRole.Button, new() { Name = "Send" });
        if (doubleClick)
        {
            await send.DblClickAsync();
        }
        else
        {
            await send.ClickAsync();
        }
    }

    /// <summary>The id at the end of the shareable link of the envelope in view, once it is there.</summary>
    public async Task<string> EnvelopeIdAsync()
    {
        // Playwright runs this pattern in JavaScript, which has no \z; the id is then checked whole in .NET.
        await Expect(EnvelopeLink).ToHaveAttributeAsync("href", new Regex("#/envelopes/env_[0-9a-f]{32}$"));
        var href = await EnvelopeLink.GetAttributeAsync("href");
        var match = EnvelopeLinkPattern().Match(href!);
        Assert.True(match.Success, $"not an envelope link: {href}");
        return match.Groups["id"].Value;
    }

    /// <summary>The shareable link of the envelope in view.</summary>
    public async Task<string> EnvelopeLinkAsync()
    {
        await EnvelopeIdAsync();
        return (await EnvelopeLink.GetAttributeAsync("href"))!;
    }

    public async Task ExpectStatusAsync(string status, float? timeoutMs = null) =>
        await Expect(Status).ToHaveAttributeAsync("data-status", status, new() { Timeout = timeoutMs });

    /// <summary>Every amount in the grab list, in fen, read from the rows' data attributes.</summary>
    public async Task<IReadOnlyList<(string UserId, long Fen)>> GrabListAsync()
    {
        var rows = await GrabRows.EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.userId, r.dataset.fen])");
        return rows.Select(r => (r[0], long.Parse(r[1]))).ToList();
    }

    public ValueTask DisposeAsync() => new(page.Context.CloseAsync());

    [GeneratedRegex(@"#/envelopes/(?<id>env_[0-9a-f]{32})\z")]
    private static partial Regex EnvelopeLinkPattern();
}
