namespace Hongbao.Contracts.Common;

/// <summary>
/// A broken money invariant: a programming error, never an expected outcome. It is thrown before the change is
/// applied, so the grain keeps its last valid state; it crosses grain boundaries so the caller sees it.
/// </summary>
[GenerateSerializer, Alias("hongbao.invariant-violation")]
public sealed class InvariantViolationException(string message) : Exception(message);
