namespace Hongbao.LoadTests.Audit;

/// <summary>The verdict of a post-run audit: findings are violations, notes are context (never a failure).</summary>
public sealed record AuditResult(string Name, bool Passed, IReadOnlyList<string> Findings, IReadOnlyList<string> Notes)
{
    public static AuditResult Pass(string name, params IReadOnlyList<string> notes) => new(name, true, [], notes);

    public static AuditResult FromFindings(string name, IReadOnlyList<string> findings, IReadOnlyList<string> notes) =>
        new(name, findings.Count == 0, findings, notes);

    public string Verdict => Passed ? "PASSED" : "FAILED";
}
