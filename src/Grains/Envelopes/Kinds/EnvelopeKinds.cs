using System.Collections.Frozen;

namespace Hongbao.Grains.Envelopes.Kinds;

/// <summary>
/// The rule of every envelope kind, found in this assembly: adding a kind is one <see cref="EnvelopeKindRule"/>
/// subclass and its enum value, and nothing here changes.
/// </summary>
public static class EnvelopeKinds
{
    private static readonly FrozenDictionary<EnvelopeKind, EnvelopeKindRule> Rules = typeof(EnvelopeKindRule).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(EnvelopeKindRule)) && !type.IsAbstract)
        .Select(type => (EnvelopeKindRule)Activator.CreateInstance(type)!)
        .ToFrozenDictionary(rule => rule.Kind);

    /// <summary>Every rule, in the order of the enum's values.</summary>
    public static IReadOnlyList<EnvelopeKindRule> All { get; } = [.. Rules.Values.OrderBy(rule => rule.Kind)];

    public static bool TryGet(EnvelopeKind kind, out EnvelopeKindRule rule) => Rules.TryGetValue(kind, out rule!);

    /// <summary>The rule of a kind the engine accepted: a kind without one was refused by validation.</summary>
    public static EnvelopeKindRule Of(EnvelopeKind kind) =>
        Rules.TryGetValue(kind, out var rule) ? rule : throw new InvariantViolationException($"Invariant violated: envelope kind {kind} has no rule");
}
