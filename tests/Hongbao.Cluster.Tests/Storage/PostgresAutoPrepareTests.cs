using Hongbao.Storage.Postgres;
using Npgsql;

namespace Hongbao.Cluster.Tests.Storage;

public sealed class PostgresAutoPrepareTests
{
    [Fact]
    public void The_engine_prepares_its_repeated_statements_unless_told_otherwise()
    {
        var prepared = new NpgsqlConnectionStringBuilder(PostgresBackend.WithAutoPrepare("Host=127.0.0.1;Database=hongbao"));
        var told = new NpgsqlConnectionStringBuilder(PostgresBackend.WithAutoPrepare("Host=127.0.0.1;Database=hongbao;Max Auto Prepare=0"));

        Assert.True(prepared.MaxAutoPrepare > 0);
        Assert.Equal("hongbao", prepared.Database);
        Assert.Equal(0, told.MaxAutoPrepare);
    }

    [Fact]
    public void Another_auto_prepare_setting_does_not_turn_preparing_off()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresBackend.WithAutoPrepare("Host=127.0.0.1;Database=hongbao;Auto Prepare Min Usages=2"));

        Assert.True(tuned.MaxAutoPrepare > 0, "a connection string that tunes only the minimum usages lost auto-prepare");
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
    }
}
