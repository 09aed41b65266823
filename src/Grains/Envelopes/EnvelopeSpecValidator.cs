using Hongbao.Grains.Envelopes.Kinds;

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

        ValidateAmount(spec, limits, Fail);

        if (spec.Greeting is { } greeting && greeting.Length > limits.GreetingLengthMax)
        {
            Fail("greeting", $"greeting must be at most {limits.GreetingLengthMax} characters.");
        }
        else if (spec.Greeting is { } text && text.Any(c => c < ' '))
        {
            // Control characters have no place in a greeting, and U+0000 cannot be stored as PostgreSQL text at all:
            // the same request must answer the same on every backend.
            Fail("greeting", "greeting must not contain control characters (U+0000 to U+001F).");
        }

        ValidateAudience(spec, limits, Fail);

        if (spec.TtlSeconds is { } ttl && (ttl < limits.TtlMinSeconds || ttl > limits.TtlMaxSeconds))
        {
            Fail("ttlSeconds", $"ttlSeconds must be between {limits.TtlMinSeconds} and {limits.TtlMaxSeconds}.");
        }

        return errors;
    }

    /// <summary>The kind's amount member is given and valid; the amount members only other kinds take are absent.</summary>
    private static void ValidateAmount(EnvelopeSpec spec, EnvelopeOptions limits, Action<string, string> fail)
    {
        if (!EnvelopeKinds.TryGet(spec.Kind, out var rule))
        {
            fail("kind", $"kind must be one of: {string.Join(", ", EnvelopeKinds.All.Select(k => k.WireName))}.");
            return;
        }

        foreach (var other in EnvelopeKinds.All.Where(other => other.AmountMember != rule.AmountMember && other.AmountOf(spec) is not null).DistinctBy(other => other.AmountMember))
        {
            fail(other.AmountMember, $"{other.AmountMember} is for {other.WireName} envelopes; {rule.WireName} envelopes give {rule.AmountMember}.");
        }

        if (rule.AmountOf(spec) is not { } amountFen)
        {
            fail(rule.AmountMember, $"{rule.AmountMember} is required for a {rule.WireName} envelope.");
        }
        else
        {
            rule.Validate(spec, amountFen, limits, fail);
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
