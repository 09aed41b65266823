using System.Text.Json;

namespace Hongbao.LoadTests.Harness;

/// <summary>Config files are written by hand: accept any casing, comments and trailing commas.</summary>
internal static class SettingsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}
