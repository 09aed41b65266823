using Hongbao.Contracts.Envelopes;
using Hongbao.Grains.Envelopes;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Split;

public sealed class EnvelopeSpecValidatorTests
{
    private static readonly EnvelopeOptions Limits = new();

    public static TheoryData<EnvelopeSpec, string> InvalidSpecs() => new()
    {
        { Scenario.Lucky(0, 1), "totalAmount" },
        { Scenario.Lucky(-5, 1), "totalAmount" },
        { Scenario.Lucky(9, 10), "totalAmount" },
        { Scenario.Lucky(100, 0), "shares" },
        { Scenario.Lucky(1_000_000, 100_001), "shares" },
        { Scenario.Lucky(Limits.TotalMaxFen + 1, 10), "totalAmount" },
        { Scenario.Fixed(0, 3), "amountPerShare" },
        { Scenario.Fixed(long.MaxValue / 2, 3), "amountPerShare" },
        { Scenario.Lucky(100, 2, ttlSeconds: 10), "ttlSeconds" },
        { Scenario.Lucky(100, 2, ttlSeconds: 8 * 86_400), "ttlSeconds" },
        { Scenario.Lucky(100, 2, null, "bad id!"), "audience" },
        { Scenario.Lucky(100, 2, null, "bob", "bob"), "audience" },
        { Scenario.Lucky(100, 2) with { Greeting = new string('x', 201) }, "greeting" },
        { Scenario.Lucky(100, 2) with { Greeting = "a\u0000b" }, "greeting" },
        { Scenario.Lucky(100, 2) with { Greeting = "line\nbreak" }, "greeting" },
        { Scenario.Lucky(100, 2) with { Greeting = "bell\u0007" }, "greeting" },
        { Scenario.Lucky(100, 2) with { AmountPerShareFen = 5 }, "amountPerShare" },
        { Scenario.Fixed(5, 2) with { TotalAmountFen = 10 }, "totalAmount" },
        { Scenario.Lucky(100, 2) with { TotalAmountFen = null }, "totalAmount" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void An_invalid_request_names_the_field_at_fault(EnvelopeSpec spec, string field)
    {
        var errors = EnvelopeSpecValidator.Validate(spec, Limits);

        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Valid_requests_have_no_errors()
    {
        Assert.Empty(EnvelopeSpecValidator.Validate(Scenario.Lucky(1_000, 10, 3_600, "bob"), Limits));
        Assert.Empty(EnvelopeSpecValidator.Validate(Scenario.Fixed(100, 100_000), Limits));
    }
}
