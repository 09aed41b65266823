using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Envelopes;

public sealed record GrabEntryView(string UserId, long Amount, DateTimeOffset GrabbedAt)
{
    public static GrabEntryView From(Grab grab) => new(grab.UserId, grab.AmountFen, grab.GrabbedAt);
}
