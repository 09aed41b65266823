namespace Hongbao.Tests.Infrastructure;

/// <summary>A SQLite file in its own temporary folder, deleted with it.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hongbao-tests-").FullName;

    public string Path => System.IO.Path.Combine(folder, "hongbao.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying silo is left to the OS's temp cleanup.
        }
    }
}
