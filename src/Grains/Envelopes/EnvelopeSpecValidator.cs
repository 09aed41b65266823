using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes;

/// <summary>Validates an envelope request; the errors map field names (as on the wire) to messages.</summary>
public static class EnvelopeSpecValidator
{
    public static IReadOnlyDictionary<string, string[]> Validate(EnvelopeSpec spec, EnvelopeOptions limits)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (spec.Shares < 1 || spec.Shares > limits.SharesMax)
        {
            Fail("shares", $"shares must be between 1 and {limits.SharesMax}.");
        }

        if (spec.Kind == EnvelopeKind.Lucky)
        {
            ValidateLucky(spec, limits, Fail);
        }
        else
        {
            ValidateFixed(spec, limits, Fail);
        }

        if (spec.Greeting is { } greeting && greeting.Length > limits.GreetingLengthMax)
        {
            Fail("greeting", $"greeting must be at most {limits.GreetingLengthMax} characters.");
        }

        ValidateAudience(spec, limits, Fail);

        if (spec.TtlSeconds is { } ttl && (ttl < limits.TtlMinSeconds || ttl > limits.TtlMaxSeconds))
        {
            Fail("ttlSeconds", $"ttlSeconds must be between {limits.TtlMinSeconds} and {limits.TtlMaxSeconds}.");
        }

        return errors;
    }

    private static void ValidateLucky(EnvelopeSpec spec, EnvelopeOptions limits, Action<string, string> fail)
    {
        if (spec.AmountPerShareFen is not null)
        {
            fail("amountPerShare", "amountPerShare is for fixed envelopes; lucky envelopes give totalAmount.");
        }

        if (spec.TotalAmountFen is not { } total)
        {
            fail("totalAmount", "totalAmount is required for a lucky envelope.");
        }
        else if (total <= 0 || total > limits.TotalMaxFen)
        {
            fail("totalAmount", $"totalAmount must be between 1 and {limits.TotalMaxFen} fen.");
        }
        else if (spec.Shares >= 1 && total < spec.Shares * EnvelopeOptions.ShareMinFen)
        {
            fail("totalAmount", $"totalAmount must be at least shares × {EnvelopeOptions.ShareMinFen} fen.");
        }
    }

    private static void ValidateFixed(EnvelopeSpec spec, EnvelopeOptions limits, Action<string, string> fail)
    {
        if (spec.TotalAmountFen is not null)
        {
            fail("totalAmount", "totalAmount is for lucky envelopes; fixed envelopes give amountPerShare.");
        }

        if (spec.AmountPerShareFen is not { } perShare)
        {
            fail("amountPerShare", "amountPerShare is required for a fixed envelope.");
        }
        else if (perShare < EnvelopeOptions.ShareMinFen || perShare > limits.TotalMaxFen)
        {
            fail("amountPerShare", $"amountPerShare must be between {EnvelopeOptions.ShareMinFen} and {limits.TotalMaxFen} fen.");
        }
        else if (spec.Shares >= 1 && perShare > limits.TotalMaxFen / spec.Shares)
        {
            fail("amountPerShare", $"amountPerShare × shares must be at most {limits.TotalMaxFen} fen.");
        }
    }

    private static void ValidateAudience(EnvelopeSpec spec, EnvelopeOptions limits, Action<string, string> fail)
    {
        if (spec.Audience.IsDefaultOrEmpty)
        {
            return;
        }

        if (spec.Audience.Length > limits.AudienceMax)
        {
            fail("audience", $"audience may list at most {limits.AudienceMax} users.");
        }
        else if (spec.Audience.Any(id => !UserId.IsValid(id)))
        {
            fail("audience", "audience entries must be user ids of 1-64 characters [A-Za-z0-9_-].");
        }
        else if (spec.Audience.Distinct(StringComparer.Ordinal).Count() != spec.Audience.Length)
        {
            fail("audience", "audience must not list a user twice.");
        }
    }
}
