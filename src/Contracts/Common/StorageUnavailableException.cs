namespace Hongbao.Contracts.Common;

/// <summary>The grain could not make a change durable; nothing in the failed request was acknowledged.</summary>
[GenerateSerializer, Alias("hongbao.storage-unavailable")]
public sealed class StorageUnavailableException(string message) : Exception(message);
