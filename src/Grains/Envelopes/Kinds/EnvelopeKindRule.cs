using System.Text.Json;
using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes.Kinds;

/// <summary>
/// Everything that differs between envelope kinds: the request member that carries the kind's amount, how it is
/// validated, what the sender is debited, how each share is drawn, and the text the OpenAPI document gives the member.
/// One sealed subclass per kind; <see cref="EnvelopeKinds"/> finds them all, and a test fails for a kind without one.
/// </summary>
public abstract class EnvelopeKindRule
{
    public abstract EnvelopeKind Kind { get; }

    /// <summary>The kind as it is written on the wire ("lucky").</summary>
    public string WireName => JsonNamingPolicy.CamelCase.ConvertName(Kind.ToString());

    /// <summary>The request member that carries this kind's amount, as on the wire ("totalAmount").</summary>
    public abstract string AmountMember { get; }

    /// <summary>What <see cref="AmountMember"/> means, for the OpenAPI document.</summary>
    public abstract string AmountDescription { get; }

    /// <summary>The amount the spec gives in <see cref="AmountMember"/>, or null when it gives none.</summary>
    public abstract long? AmountOf(EnvelopeSpec spec);

    /// <summary>Checks the kind's amount against the limits; reports each problem as (wire member, message).</summary>
    public abstract void Validate(EnvelopeSpec spec, long amountFen, EnvelopeOptions limits, Action<string, string> fail);

    /// <summary>The amount the sender is debited; only asked of a valid spec.</summary>
    public abstract long FundedFen(EnvelopeSpec spec);

    /// <summary>The next share of an envelope of this kind, drawn while shares are left.</summary>
    public abstract long NextShareFen(EnvelopeState current, IShareRandom random);
}
