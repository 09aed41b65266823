using System.Globalization;
using Hongbao.Api.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hongbao.Api.Wallets;

/// <summary>The ledger's paging parameters as received; parsed here so that bad values are 400 with a field name.</summary>
public static class LedgerQuery
{
    public const int LimitDefault = 50;
    public const int LimitMax = 200;

    public static Dictionary<string, string[]> Parse(string? limitText, string? beforeText, out int limit, out long? before)
    {
        var errors = new Dictionary<string, string[]>();
        limit = LimitDefault;
        before = null;
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

        if (beforeText is not null)
        {
            if (long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) && cursor > 0)
            {
                before = cursor;
            }
            else
            {
                errors["before"] = ["before must be a cursor returned as next by an earlier page."];
            }
        }

        return errors;
    }

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        PageParameters.Describe(operation, LimitMax, LimitDefault, "Entries per page.", "before", "The next cursor of the previous page; absent for the newest entries.");
        return Task.CompletedTask;
    }
}
