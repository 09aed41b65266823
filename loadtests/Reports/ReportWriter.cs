using System.Globalization;
using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Reports;

/// <summary>Writes the five report formats into <c>&lt;folder&gt;/&lt;timestamp&gt;-&lt;scenarios&gt;/</c>.</summary>
public static class ReportWriter
{
    public const string FileStem = "report";

    public static async Task<string> WriteAllAsync(RunResult result, string folder, CancellationToken cancellation = default)
    {
        var names = string.Join('+', result.Scenarios.Select(s => s.Stats.Name));
        var stamp = result.StartedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var directory = UniqueDirectory(Path.Combine(folder, $"{stamp}-{Sanitize(names)}"));
        Directory.CreateDirectory(directory);

        await File.WriteAllTextAsync(Path.Combine(directory, $"{FileStem}.txt"), TextReport.Render(result), cancellation);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{FileStem}.md"), MarkdownReport.Render(result), cancellation);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{FileStem}.csv"), CsvReport.Render(result), cancellation);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{FileStem}.json"), JsonReport.Render(result), cancellation);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{FileStem}.html"), HtmlReport.Render(result), cancellation);
        return directory;
    }

    private static string UniqueDirectory(string candidate)
    {
        // Two runs in the same second must not overwrite each other; the suffix search is bounded.
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var path = attempt == 0 ? candidate : $"{candidate}-{attempt}";
            if (!Directory.Exists(path))
            {
                return path;
            }
        }
        throw new IOException($"too many report directories named {candidate}");
    }

    private static string Sanitize(string name) =>
        new([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '+' ? c : '_')]);
}
