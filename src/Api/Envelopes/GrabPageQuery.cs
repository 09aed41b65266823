using System.Globalization;
using Hongbao.Api.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hongbao.Api.Envelopes;

/// <summary>The grab list's paging parameters as received; bad values are 400 with a field name.</summary>
public static class GrabPageQuery
{
    public const int LimitDefault = 50;
    public const int LimitMax = 200;

    public static Dictionary<string, string[]> Parse(string? limitText, string? cursorText, out int limit, out int from)
    {
        var errors = new Dictionary<string, string[]>();
        limit = LimitDefault;
        from = 0;
        if (limitText is not null)
        {
            if (int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= LimitMax)
            {
                limit = parsed;
            }
            else
            {
                errors["limit"] = [$"limit must be an integer between 1 and {LimitMax}."];
            }
        }

        if (cursorText is not null)
        {
            if (int.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                from = position;
            }
            else
            {
                errors["cursor"] = ["cursor must be a value returned as next by an earlier page."];
            }
        }

        return errors;
    }

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        PageParameters.Describe(operation, LimitMax, LimitDefault, "Grabs per page.", "cursor", "The next cursor of the previous page; absent for the first grabs.");
        return Task.CompletedTask;
    }
}
