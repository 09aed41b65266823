using System.Globalization;
using System.Text.RegularExpressions;

namespace Hongbao.LoadTests.Cli;

/// <summary>Parses <c>30s</c>, <c>500ms</c>, <c>5m</c>, <c>1h</c> or a TimeSpan such as <c>00:00:30</c>.</summary>
public static partial class DurationParser
{
    public static TimeSpan Parse(string text)
    {
        var match = Short().Match(text.Trim());
        if (match.Success)
        {
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            return match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        throw new FormatException($"'{text}' is not a duration: use 30s, 500ms, 5m, 1h or 00:00:30");
    }

    [GeneratedRegex(@"^(?<value>[0-9]+(?:\.[0-9]+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex Short();
}
