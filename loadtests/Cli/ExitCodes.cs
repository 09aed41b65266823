namespace Hongbao.LoadTests.Cli;

/// <summary>Process exit codes; 1 and 2 come from <see cref="Harness.RunResult.ExitCode"/>.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int AuditFailed = 2;
    public const int UsageError = 3;
    public const int NotAvailable = 4;
    public const int TargetUnavailable = 5;
}
