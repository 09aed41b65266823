using System.Text.RegularExpressions;

namespace Hongbao.Contracts.Envelopes;

/// <summary>
/// Envelope ids are opaque, URL-safe and start with "env_": the prefix keeps the storage from
/// reading a hex-looking key as an integer.
/// </summary>
public static partial class EnvelopeId
{
    public static string New() => "env_" + Guid.NewGuid().ToString("N");

    public static bool IsWellFormed(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^env_[0-9a-f]{32}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
