using Hongbao.Contracts.Envelopes;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Envelopes.Kinds;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Split;

/// <summary>Every envelope kind has its rule in one place; a kind added without one fails here, not at a grab.</summary>
public sealed class EnvelopeKindTests
{
    [Fact]
    public void Every_kind_has_exactly_one_rule()
    {
        foreach (var kind in Enum.GetValues<EnvelopeKind>())
        {
            Assert.True(EnvelopeKinds.TryGet(kind, out var rule), $"envelope kind {kind} has no {nameof(EnvelopeKindRule)}: add one (see docs/extending.md)");
            Assert.Equal(kind, rule.Kind);
        }

        Assert.Equal(Enum.GetValues<EnvelopeKind>().Length, EnvelopeKinds.All.Count);
    }

    [Fact]
    public void A_kind_without_a_rule_is_refused_by_validation_not_funded()
    {
        var spec = Scenario.Lucky(1_000, 10) with { Kind = (EnvelopeKind)99 };

        var errors = EnvelopeSpecValidator.Validate(spec, new EnvelopeOptions());

        Assert.Equal(["kind must be one of: lucky, fixed."], errors["kind"]);
    }
}
