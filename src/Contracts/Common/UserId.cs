using System.Text.RegularExpressions;

namespace Hongbao.Contracts.Common;

/// <summary>User ids are 1–64 characters of [A-Za-z0-9_-] (design.md §4).</summary>
public static partial class UserId
{
    public const int LengthMax = 64;

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
