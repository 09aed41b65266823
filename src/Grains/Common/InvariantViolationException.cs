namespace Hongbao.Grains.Common;

/// <summary>
/// A broken money invariant: a programming error, never an expected outcome. It crosses grain
/// boundaries so the caller sees it, and the grain deactivates so that the next call reloads state.
/// </summary>
[GenerateSerializer, Alias("hongbao.invariant-violation")]
public sealed class InvariantViolationException(string message) : Exception(message);
