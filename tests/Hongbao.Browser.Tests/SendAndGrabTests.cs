using Hongbao.Contracts.Common;

namespace Hongbao.Browser.Tests;

[Collection(nameof(BrowserCollection))]
public sealed class SendAndGrabTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_double_click_on_send_sends_one_envelope_and_debits_once()
    {
        await browser.Api.DepositAsync("send-amy", 100_000);
        await using var amy = await browser.PersonAsync();
        await amy.GotoAsync();
        await amy.SignInAsync("send-amy");
        await Expect(amy.Balance).ToHaveTextAsync("¥1000.00");
        var creates = 0;
        amy.Page.Request += (_, request) => creates += request.Method == "POST" && request.Url.EndsWith("/envelopes", StringComparison.Ordinal) ? 1 : 0;

        await amy.SendAsync("lucky", "88.88", 3, greeting: "恭喜发财", doubleClick: true);

        var id = await amy.EnvelopeIdAsync();
        await amy.ExpectStatusAsync("open");
        await Expect(amy.Page.GetByTestId("remaining-shares")).ToHaveTextAsync("3 of 3");
        await Expect(amy.Balance).ToHaveTextAsync("¥911.12");
        await Expect(amy.Page.GetByTestId("ledger").Locator("tr[data-kind=send]")).ToHaveCountAsync(1);
        Assert.Equal(1, creates);
        Assert.Equal(100_000 - 8_888, (await browser.Api.Grains.Wallet("send-amy").GetAuditAsync()).BalanceFen);
        Assert.Equal(8_888, (await browser.Api.Grains.Envelope(id).GetDetailsAsync())!.TotalFen);
    }

    [Fact]
    public async Task Another_user_opens_the_link_and_grabs_while_the_sender_watches_it_live_until_best_luck()
    {
        await browser.Api.DepositAsync("live-sender", 10_000);
        await using var sender = await browser.PersonAsync();
        await sender.GotoAsync();
        await sender.SignInAsync("live-sender");
        await sender.SendAsync("lucky", "8.88", 3, greeting: "新年快乐");
        var id = await sender.EnvelopeIdAsync();
        var link = await sender.EnvelopeLinkAsync();

        await using var bob = await browser.PersonAsync();
        await bob.GotoAsync(link);
        await Expect(bob.Page.GetByText("Sign in to open the envelope you were sent.")).ToBeVisibleAsync();
        await bob.SignInAsync("live-bob");
        await Expect(bob.Page.Locator("#env-greeting")).ToHaveTextAsync("新年快乐");
        await bob.GrabButton.ClickAsync();

        await Expect(bob.MyShare).ToContainTextAsync("You got ¥");
        var bobFen = long.Parse((await bob.MyShare.GetAttributeAsync("data-fen"))!);
        await Expect(bob.GrabRows.Filter(new() { HasText = "live-bob (you)" })).ToHaveCountAsync(1);
        // The sender's page was not reloaded: it polls and shows the grab.
        await Expect(sender.GrabRows.Filter(new() { HasText = "live-bob" })).ToHaveCountAsync(1);
        await Expect(sender.Page.GetByTestId("remaining-shares")).ToHaveTextAsync("2 of 3");

        foreach (var other in new[] { "live-carol", "live-dave" })
        {
            using var http = browser.Api.Client();
            http.DefaultRequestHeaders.Authorization = new("Bearer", await browser.Api.TokenAsync(other));
            (await http.PostAsync($"envelopes/{id}/grabs", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        foreach (var person in new[] { sender, bob })
        {
            await person.ExpectStatusAsync("settled");
            await Expect(person.GrabRows).ToHaveCountAsync(3);
            await Expect(person.BestLuck).ToBeVisibleAsync();
        }

        var grabs = await sender.GrabListAsync();
        Assert.Equal(888, grabs.Sum(g => g.Fen));
        var best = grabs.MaxBy(g => g.Fen);
        Assert.Equal(best.Fen.ToString(), await sender.BestLuck.GetAttributeAsync("data-fen"));
        Assert.Equal(grabs.Where(g => g.Fen == best.Fen).Select(g => g.UserId), [await sender.BestLuck.GetAttributeAsync("data-user-id")]);
        await Expect(bob.MyShare).ToContainTextAsync("It is in your wallet.");
        await Expect(bob.Balance).ToHaveAttributeAsync("data-fen", bobFen.ToString());
        await MoneyAudit.AssertConservedAsync(browser.Api, ["funder", "live-sender", "live-bob", "live-carol", "live-dave"], [id]);
    }

    [Fact]
    public async Task A_grab_on_an_exhausted_envelope_says_it_is_too_late()
    {
        await browser.Api.DepositAsync("late-sender", 1_000);
        await using var sender = await browser.PersonAsync();
        await sender.GotoAsync();
        await sender.SignInAsync("late-sender");
        await sender.SendAsync("fixed", "1.00", 1);
        await sender.EnvelopeIdAsync();
        await sender.GrabButton.ClickAsync(); // the sender takes the only share
        await Expect(sender.MyShare).ToContainTextAsync("¥1.00");
        var link = await sender.EnvelopeLinkAsync();

        await using var late = await browser.PersonAsync();
        await late.GotoAsync(link);
        await late.SignInAsync("late-eve");
        await Expect(late.Page.GetByTestId("remaining-shares")).ToHaveTextAsync("0 of 1");
        await late.GrabButton.ClickAsync();

        var error = late.Page.GetByTestId("grab-error");
        await Expect(error).ToHaveAttributeAsync("data-code", "envelope_exhausted");
        await Expect(error).ToHaveTextAsync("Too late: every share of this envelope has already been grabbed.");
        await Expect(late.MyShare).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Sending_more_than_the_balance_is_refused_in_words_and_debits_nothing()
    {
        await browser.Api.DepositAsync("poor-sender", 500);
        await using var sender = await browser.PersonAsync();
        await sender.GotoAsync();
        await sender.SignInAsync("poor-sender");
        await Expect(sender.Balance).ToHaveTextAsync("¥5.00");

        await sender.SendAsync("lucky", "5.01", 2);

        var error = sender.Page.GetByTestId("send-error");
        await Expect(error).ToHaveAttributeAsync("data-code", "insufficient_funds");
        await Expect(error).ToContainTextAsync("Your balance is too low");
        Assert.Equal(500, (await browser.Api.Grains.Wallet("poor-sender").GetAuditAsync()).BalanceFen);
    }
}
