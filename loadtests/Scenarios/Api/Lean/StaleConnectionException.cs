namespace Hongbao.LoadTests.Scenarios.Api.Lean;

/// <summary>A kept-alive connection turned out closed before any byte of the answer: safe to send again on a new one.</summary>
internal sealed class StaleConnectionException() : IOException("the kept-alive connection was closed by the server");
