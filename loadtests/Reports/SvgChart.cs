using System.Globalization;
using System.Net;
using System.Text;

namespace Hongbao.LoadTests.Reports;

/// <summary>Tiny inline-SVG charts: the HTML report must work offline, with no script or external asset.</summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int Height = 240;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 30;
    private const int Bottom = 30;

    public sealed record Series(string Name, string Colour, IReadOnlyList<double> Values);

    /// <summary>Lines over an x axis of seconds 1..n.</summary>
    public static string Lines(string title, string yUnit, IReadOnlyList<Series> series)
    {
        var points = series.Count == 0 ? 0 : series.Max(s => s.Values.Count);
        var yMax = Math.Max(1e-9, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max()) * 1.1;
        var svg = Open(title);
        Axes(svg, yMax, yUnit, $"seconds (1..{points})");
        foreach (var (line, index) in series.Select((s, i) => (s, i)))
        {
            var coordinates = line.Values.Select((value, i) => $"{F(X(i, points))},{F(Y(value, yMax))}");
            svg.Append($"<polyline fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"1.5\" points=\"{string.Join(' ', coordinates)}\"/>");
            svg.Append($"<text x=\"{Left + 10 + index * 140}\" y=\"{Top - 8}\" fill=\"{line.Colour}\" font-size=\"12\">{Encode(line.Name)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Vertical bars, one per label.</summary>
    public static string Bars(string title, string yUnit, IReadOnlyList<(string Label, double Value)> bars)
    {
        var yMax = Math.Max(1e-9, bars.Select(b => b.Value).DefaultIfEmpty(0).Max()) * 1.1;
        var svg = Open(title);
        Axes(svg, yMax, yUnit, "");
        var slot = (Width - Left - Right) / (double)Math.Max(1, bars.Count);
        foreach (var (bar, i) in bars.Select((b, i) => (b, i)))
        {
            var x = Left + i * slot + slot * 0.15;
            var y = Y(bar.Value, yMax);
            svg.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(slot * 0.7)}\" height=\"{F(Height - Bottom - y)}\" fill=\"#4e79a7\"/>");
            svg.Append($"<text x=\"{F(x + slot * 0.35)}\" y=\"{Height - Bottom + 14}\" font-size=\"11\" text-anchor=\"middle\">{Encode(bar.Label)}</text>");
            svg.Append($"<text x=\"{F(x + slot * 0.35)}\" y=\"{F(y - 4)}\" font-size=\"11\" text-anchor=\"middle\">{F(bar.Value)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title) => new StringBuilder()
        .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">")
        .Append($"<title>{Encode(title)}</title>")
        .Append($"<text x=\"{Width / 2}\" y=\"14\" font-size=\"13\" text-anchor=\"middle\" font-weight=\"bold\">{Encode(title)}</text>");

    private static void Axes(StringBuilder svg, double yMax, string yUnit, string xLabel)
    {
        svg.Append($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = yMax * tick / 4;
            var y = Y(value, yMax);
            svg.Append($"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>");
            svg.Append($"<text x=\"{Left - 4}\" y=\"{F(y + 4)}\" font-size=\"10\" text-anchor=\"end\">{F(value)}</text>");
        }
        svg.Append($"<text x=\"12\" y=\"{Top - 8}\" font-size=\"11\">{Encode(yUnit)}</text>");
        svg.Append($"<text x=\"{Width - Right}\" y=\"{Height - 4}\" font-size=\"11\" text-anchor=\"end\">{Encode(xLabel)}</text>");
    }

    private static double X(int index, int count) =>
        count <= 1 ? Left : Left + index * (Width - Left - Right) / (double)(count - 1);

    private static double Y(double value, double yMax) => Height - Bottom - value / yMax * (Height - Top - Bottom);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
