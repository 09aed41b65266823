using System.Globalization;
using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Envelopes;

/// <summary>A page of an envelope's grabs in grab order; <see cref="Next"/> is the cursor of the next page, or null.</summary>
public sealed record GrabPageView(IReadOnlyList<GrabEntryView> Grabs, string? Next)
{
    public static GrabPageView From(GrabPage page) =>
        new(page.Grabs.Select(GrabEntryView.From).ToList(), page.Next?.ToString(CultureInfo.InvariantCulture));
}
