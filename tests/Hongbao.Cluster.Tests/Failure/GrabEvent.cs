namespace Hongbao.Cluster.Tests.Failure;

/// <summary>One grab request as the client saw it: when it was sent and answered, and the answer.</summary>
public sealed record GrabEvent(string UserId, DateTime SentAt, DateTime AnsweredAt, GrabReply Reply);
