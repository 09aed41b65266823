using System.Text.RegularExpressions;

namespace Hongbao.Contracts.Common;

/// <summary>
/// User ids are 1–64 characters of [A-Za-z0-9_-] (docs/api.md, "Identifiers"). Anchored with \z, not $: .NET's "$"
/// also matches before a final "\n", and a user id becomes a grain and storage key.
/// </summary>
public static partial class UserId
{
    public const int LengthMax = 64;

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
