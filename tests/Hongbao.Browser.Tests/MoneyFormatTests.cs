namespace Hongbao.Browser.Tests;

/// <summary>The page's yuan/fen conversion (wwwroot/js/money.js), run in the browser that runs the page.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class MoneyFormatTests(BrowserFixture browser)
{
    private static readonly Dictionary<string, string> FenOfTyped = new()
    {
        ["88.88"] = "8888",
        ["1.13"] = "113", // 1.13 * 100 = 112.99999999999999 in floating point
        ["0.29"] = "29",
        ["1000.5"] = "100050",
        [" 7 "] = "700",
        ["0.07"] = "7",
        ["007.10"] = "710",
        ["999999999999.99"] = "99999999999999",
    };

    private static readonly string[] Refused = ["", "0", "0.00", "1.005", "1e3", "-1", "1,5", ".5", "1.", "¥5", "1000000000000", "1 000"];

    [Fact]
    public async Task Yuan_typed_become_exact_fen_and_anything_else_is_refused_with_a_reason()
    {
        await using var person = await browser.PersonAsync();
        await person.GotoAsync();
        var typed = FenOfTyped.Keys.Concat(Refused).ToArray();

        var parsed = await person.Page.EvaluateAsync<Dictionary<string, string>[]>(
            "async typed => { const { parseYuan } = await import('/js/money.js'); return typed.map(parseYuan); }", typed);

        var results = typed.Zip(parsed).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(FenOfTyped, FenOfTyped.Keys.ToDictionary(t => t, t => results[t].GetValueOrDefault("fen") ?? results[t]["error"]));
        Assert.All(Refused, t => Assert.True(
            !results[t].ContainsKey("fen") && !string.IsNullOrWhiteSpace(results[t].GetValueOrDefault("error")),
            $"\"{t}\" gave {string.Join(", ", results[t])}"));
    }

    [Fact]
    public async Task Fen_are_shown_as_yuan()
    {
        await using var person = await browser.PersonAsync();
        await person.GotoAsync();

        var shown = await person.Page.EvaluateAsync<string[]>("""
            async () => {
              const { formatFen } = await import('/js/money.js');
              return [formatFen(8888), formatFen(7), formatFen(0), formatFen(-250, { signed: true }), formatFen(250, { signed: true }),
                      formatFen(0, { signed: true }), formatFen(99999999999999)];
            }
            """);

        Assert.Equal(["88.88", "0.07", "0.00", "-2.50", "+2.50", "0.00", "999999999999.99"], shown);
    }
}
