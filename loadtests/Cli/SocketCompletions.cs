namespace Hongbao.LoadTests.Cli;

public enum SocketCompletionMode
{
    /// <summary>Socket continuations run on the socket event thread, as wrk's do.</summary>
    Inline,

    /// <summary>Each socket continuation wakes a thread-pool worker (the runtime's default).</summary>
    ThreadPool,
}

/// <summary>
/// The generator's socket continuations run inline unless told otherwise. The runtime reads
/// <see cref="Variable"/> once, when the first socket of the process is made, so setting it before anything opens
/// a socket (first thing in Main) is enough: no second process is needed. A value already in the environment wins,
/// and <see cref="OffFlag"/> turns it off for comparison. The <c>--embedded</c> API child never inherits it.
/// </summary>
public static class SocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    public const string OffFlag = "--no-inline-completions";

    public static SocketCompletionMode Arrange(IReadOnlyList<string> args, Func<string, string?> read, Action<string, string?> write)
    {
        if (args.Contains(OffFlag, StringComparer.Ordinal))
        {
            write(Variable, null);
        }
        else if (read(Variable) is null)
        {
            write(Variable, "1");
        }

        return Current(read);
    }

    public static SocketCompletionMode Current(Func<string, string?> read) =>
        read(Variable) == "1" ? SocketCompletionMode.Inline : SocketCompletionMode.ThreadPool;
}
