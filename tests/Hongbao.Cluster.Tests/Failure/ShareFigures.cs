namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// What the clients were told against what the envelopes hold: <see cref="Acknowledged"/> grabs a client saw as
/// granted or already grabbed, <see cref="Lost"/> of them missing from their envelope (or with another amount),
/// <see cref="Double"/> users holding more than one share, and <see cref="HeldWithoutAck"/> shares whose client
/// never saw the answer (a write that committed as its silo died; the user still owns and is paid that share).
/// </summary>
public sealed record ShareFigures(int Acknowledged, int Lost, int Double, int HeldWithoutAck);
