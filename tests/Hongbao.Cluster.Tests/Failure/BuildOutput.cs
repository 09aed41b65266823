namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// Where the already-built silo and API programs are: the same configuration and target framework as this test
/// assembly (bin/Debug or bin/Release), under the repository root (the folder holding Orleans.sln).
/// </summary>
public static class BuildOutput
{
    private static readonly DirectoryInfo TestOutput = new(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    public static string SiloDirectory => ProgramDirectory("Silo", "Hongbao.Silo.dll");

    public static string ApiDirectory => ProgramDirectory("Api", "Hongbao.Api.dll");

    private static string ProgramDirectory(string project, string assembly)
    {
        // bin/<Configuration>/<TargetFramework>
        var framework = TestOutput.Name;
        var configuration = TestOutput.Parent!.Name;
        var directory = Path.Combine(RepositoryRoot(), "src", project, "bin", configuration, framework);
        if (!File.Exists(Path.Combine(directory, assembly)))
        {
            throw new InvalidOperationException(
                $"{assembly} is not built in {directory}; run `dotnet build -c {configuration}` at the repository root first.");
        }

        return directory;
    }

    private static string RepositoryRoot()
    {
        for (var directory = TestOutput; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Orleans.sln above {TestOutput.FullName}.");
    }
}
