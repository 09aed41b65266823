using Hongbao.Contracts.Common;

namespace Hongbao.Browser.Tests;

[Collection(nameof(BrowserCollection))]
public sealed class WalletTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_deposits_yuan_and_the_wallet_receives_exactly_those_fen()
    {
        await using var admin = await browser.PersonAsync();
        await admin.GotoAsync();
        await admin.SignInAsync("wallet-admin", admin: true);
        var form = admin.Page.GetByTestId("deposit-form");

        // 1000.13 * 100 is 100012.99999999999 in floating point: the page must not compute it that way.
        await form.GetByLabel("To user id").FillAsync("wallet-bob");
        await form.GetByLabel("Amount (yuan)").FillAsync("1000.13");
        var request = await admin.Page.RunAndWaitForRequestAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Deposit" }).ClickAsync(),
            r => r.Method == "POST" && r.Url.EndsWith("/wallets/wallet-bob/deposits", StringComparison.Ordinal));
        Assert.Equal("""{"amount":100013}""", request.PostData);
        await Expect(form.Locator("#deposit-done")).ToContainTextAsync("¥1000.13");

        await form.GetByLabel("To user id").FillAsync("");
        await form.GetByLabel("Amount (yuan)").FillAsync("0.29");
        await form.GetByRole(AriaRole.Button, new() { Name = "Deposit" }).ClickAsync();
        await Expect(admin.Balance).ToHaveTextAsync("¥0.29");
        await Expect(admin.Page.GetByTestId("ledger").Locator("tbody tr").First).ToContainTextAsync("+¥0.29");

        Assert.Equal(100_013, (await browser.Api.Grains.Wallet("wallet-bob").GetAuditAsync()).BalanceFen);
        Assert.Equal(29, (await browser.Api.Grains.Wallet("wallet-admin").GetAuditAsync()).BalanceFen);
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_in_both_directions()
    {
        for (var yuan = 1; yuan <= 12; yuan++)
        {
            await browser.Api.DepositAsync("wallet-pager", yuan * 100);
        }

        await using var person = await browser.PersonAsync();
        await person.GotoAsync();
        await person.SignInAsync("wallet-pager");
        var rows = person.Page.GetByTestId("ledger").Locator("tbody tr");
        var older = person.Page.GetByRole(AriaRole.Button, new() { Name = "Older" });
        var newer = person.Page.GetByRole(AriaRole.Button, new() { Name = "Newer" });

        await Expect(person.Balance).ToHaveTextAsync("¥78.00");
        await Expect(rows).ToHaveCountAsync(10);
        await Expect(rows.First).ToContainTextAsync("+¥12.00");
        await Expect(newer).ToBeDisabledAsync();

        await older.ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Last).ToContainTextAsync("+¥1.00");
        await Expect(older).ToBeDisabledAsync();

        await newer.ClickAsync();
        await Expect(rows).ToHaveCountAsync(10);
        await Expect(rows.First).ToContainTextAsync("+¥12.00");
    }
}
