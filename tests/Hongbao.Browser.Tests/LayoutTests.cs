namespace Hongbao.Browser.Tests;

[Collection(nameof(BrowserCollection))]
public sealed class LayoutTests(BrowserFixture browser)
{
    private const int PhoneWidth = 375;

    [Fact]
    public async Task At_375_px_the_page_fits_the_width_with_an_envelope_open()
    {
        await browser.Api.DepositAsync("phone-sender", 100_000);
        await using var phone = await browser.PersonAsync(width: PhoneWidth, height: 740);
        await phone.GotoAsync();
        await AssertNoSidewaysScrollAsync(phone.Page, "sign-in");

        await phone.SignInAsync("phone-sender-with-a-rather-long-user-id-0123456789");
        await AssertNoSidewaysScrollAsync(phone.Page, "wallet");

        await phone.Page.EvaluateAsync("() => sessionStorage.clear()");
        await phone.GotoAsync();
        await phone.SignInAsync("phone-sender");
        await phone.SendAsync("lucky", "12.34", 4, greeting: "一帆风顺 step by step, with a greeting long enough to wrap on a phone");
        await phone.EnvelopeIdAsync();
        await phone.GrabButton.ClickAsync();
        await Expect(phone.MyShare).ToBeVisibleAsync();
        await Expect(phone.GrabRows).ToHaveCountAsync(1);

        await AssertNoSidewaysScrollAsync(phone.Page, "envelope");
        foreach (var testId in new[] { "balance", "grab-button", "my-share", "status", "envelope-link" })
        {
            var box = await phone.Page.GetByTestId(testId).BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= PhoneWidth, $"{testId} is at {box?.X}+{box?.Width}");
        }
    }

    [Fact]
    public async Task Every_input_is_labelled_and_a_keyboard_alone_signs_in_and_grabs()
    {
        await browser.Api.DepositAsync("keys-sender", 1_000);
        await using var sender = await browser.PersonAsync();
        await sender.GotoAsync();
        await sender.SignInAsync("keys-sender");
        await sender.SendAsync("fixed", "2.00", 2);
        var link = await sender.EnvelopeLinkAsync();

        await using var person = await browser.PersonAsync();
        await person.GotoAsync(link);
        var unlabelled = await person.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, textarea, select')]
              .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
              .map(e => e.id || e.name)
            """);
        Assert.Empty(unlabelled);

        await TabToAsync(person.Page, "signin-user");
        await person.Page.Keyboard.TypeAsync("keys-kim");
        await person.Page.Keyboard.PressAsync("Enter");
        await Expect(person.Page.Locator("#who-name")).ToHaveTextAsync("keys-kim");
        await person.ExpectStatusAsync("open");

        await TabToAsync(person.Page, "grab-button");
        await person.Page.Keyboard.PressAsync("Enter");
        await Expect(person.MyShare).ToContainTextAsync("You got ¥2.00");
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] > widths[1])
        {
            var culprits = await page.EvaluateAsync<string[]>("""
                width => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > width)
                  .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)
                  .slice(0, 10)
                """, widths[1]);
            Assert.Fail($"{where}: content is {widths[0]} px wide in a {widths[1]} px viewport: {string.Join("; ", culprits)}");
        }
    }

    /// <summary>Presses Tab until the element has focus; a bounded number of presses, as a person would.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            if (await page.EvaluateAsync<string?>("() => document.activeElement?.id") == id)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"#{id} never got the focus by Tab");
    }
}
