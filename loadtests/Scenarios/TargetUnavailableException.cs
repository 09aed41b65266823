namespace Hongbao.LoadTests.Scenarios;

/// <summary>
/// The run could not be prepared against its target: it is down, not in development mode (no /dev/token), or
/// refused to fund or create what the scenario needs. The CLI answers it with exit code 5, and nothing else does.
/// </summary>
public sealed class TargetUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
