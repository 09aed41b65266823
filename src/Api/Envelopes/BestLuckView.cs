using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Envelopes;

public sealed record BestLuckView(string UserId, long Amount)
{
    public static BestLuckView From(Grab grab) => new(grab.UserId, grab.AmountFen);
}
