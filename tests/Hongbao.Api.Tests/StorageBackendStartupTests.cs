using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>The storage backend is chosen by name at start; a wrong name or an old key stops the start and says what to set.</summary>
public sealed class StorageBackendStartupTests
{
    [Fact]
    public async Task An_unknown_backend_stops_the_start_and_lists_the_known_ones()
    {
        await using var factory = new HongbaoApiFactory("Development", new Dictionary<string, string?> { ["Hongbao:Storage:Provider"] = "Redis" });

        var error = Innermost(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("'Redis'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Known backends: Sqlite, Postgres.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hongbao:Storage:SqlitePath", "Hongbao:Storage:Sqlite:Path")]
    [InlineData("Hongbao:Storage:SqliteBusyTimeout", "Hongbao:Storage:Sqlite:BusyTimeout")]
    public async Task A_setting_under_its_old_flat_key_stops_the_start_and_names_the_new_key(string oldKey, string newKey)
    {
        await using var factory = new HongbaoApiFactory("Development", new Dictionary<string, string?> { [oldKey] = "00:00:01" });

        var error = Innermost(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains($"{oldKey} is now {newKey}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_backend_name_is_not_case_sensitive()
    {
        await using var factory = new HongbaoApiFactory("Development", new Dictionary<string, string?> { ["Hongbao:Storage:Provider"] = "sqlite" });
        using var client = factory.CreateClient();

        // Ready once the background probe has reached the engine, as an orchestrator waits for it; before that the
        // answer is 503 (not probed yet), which on a busy machine can outlast the start.
        var status = await Eventually.MatchAsync(
            async () => (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode,
            code => code == System.Net.HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "the engine on the lower-case backend name to be ready");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
    }

    private static Exception Innermost(Exception error) => error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0] : error;
}
