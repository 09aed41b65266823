using Hongbao.LoadTests.Cli;

namespace Hongbao.LoadTests.Tests;

/// <summary>The plain command runs with inline socket completions; the flag and an explicit environment win.</summary>
public sealed class SocketCompletionsTests
{
    [Fact]
    public void The_plain_command_turns_inline_completions_on_before_any_socket_exists()
    {
        var environment = new Dictionary<string, string?>();

        var arranged = SocketCompletions.Arrange(["run", "ping", "--copies", "64"], environment.GetValueOrDefault, (name, value) => environment[name] = value);

        Assert.Equal("1", environment[SocketCompletions.Variable]);
        Assert.Equal(SocketCompletionMode.Inline, arranged);
    }

    [Fact]
    public void The_flag_turns_them_off_even_when_the_environment_asked_for_them()
    {
        var environment = new Dictionary<string, string?> { [SocketCompletions.Variable] = "1" };

        var arranged = SocketCompletions.Arrange(["run", "ping", SocketCompletions.OffFlag], environment.GetValueOrDefault, (name, value) => environment[name] = value);

        Assert.Null(environment[SocketCompletions.Variable]);
        Assert.Equal(SocketCompletionMode.ThreadPool, arranged);
    }

    [Fact]
    public void A_value_set_in_the_environment_is_kept()
    {
        var environment = new Dictionary<string, string?> { [SocketCompletions.Variable] = "0" };

        var arranged = SocketCompletions.Arrange(["run", "ping"], environment.GetValueOrDefault, (name, value) => environment[name] = value);

        Assert.Equal("0", environment[SocketCompletions.Variable]);
        Assert.Equal(SocketCompletionMode.ThreadPool, arranged);
    }
}
