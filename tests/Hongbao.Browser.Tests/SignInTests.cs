namespace Hongbao.Browser.Tests;

[Collection(nameof(BrowserCollection))]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task Signing_in_shows_who_you_are_and_your_balance_and_survives_a_reload()
    {
        await using var ann = await browser.PersonAsync();
        await ann.GotoAsync();
        await Expect(ann.Page.GetByTestId("signin-form")).ToBeVisibleAsync();

        await ann.SignInAsync("signin-ann");

        await Expect(ann.Balance).ToHaveTextAsync("¥0.00");
        await Expect(ann.Page.GetByTestId("deposit-form")).ToBeHiddenAsync(); // not an admin
        await ann.Page.ReloadAsync();
        await Expect(ann.Page.Locator("#who-name")).ToHaveTextAsync("signin-ann");
        await Expect(ann.Page.GetByTestId("signin-form")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_pasted_token_signs_in_as_its_subject()
    {
        var token = await browser.Api.TokenAsync("signin-pasted", "admin");
        await using var person = await browser.PersonAsync();
        await person.GotoAsync();

        var form = person.Page.GetByTestId("signin-form");
        await form.GetByText("Use an access token instead").ClickAsync();
        await form.GetByLabel("Access token").FillAsync(token);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(person.Page.Locator("#who-name")).ToHaveTextAsync("signin-pasted");
        await Expect(person.Page.GetByTestId("deposit-form")).ToBeVisibleAsync(); // the token's admin role
    }

    [Fact]
    public async Task A_token_the_api_refuses_sends_you_back_to_sign_in_with_the_reason_in_words()
    {
        var token = await browser.Api.TokenAsync("signin-forged");
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA"); // same claims, broken signature
        await using var person = await browser.PersonAsync();
        await person.GotoAsync();

        var form = person.Page.GetByTestId("signin-form");
        await form.GetByText("Use an access token instead").ClickAsync();
        await form.GetByLabel("Access token").FillAsync(forged);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var error = person.Page.GetByTestId("signin-error");
        await Expect(error).ToHaveAttributeAsync("data-code", "unauthorized");
        await Expect(error).ToContainTextAsync("Please sign in again");
        await Expect(form).ToBeVisibleAsync();
    }
}
