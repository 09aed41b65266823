using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Hongbao.LoadTests.Scenarios.Api.Lean;

/// <summary>
/// A small HTTP/1.1 client for the generator's requests: kept-alive connections per server, one request at a time
/// on each (no pipelining), the whole body read into one array. It exists because the generator shares its cores
/// with the server it measures: per request it does far less than <see cref="HttpClient"/> (no handler chain,
/// header collections, per-request timeout token or content streams), which is the difference between measuring
/// the server and measuring the client on a trivial endpoint. Timeouts are enforced by one sweep a second that
/// aborts overdue requests. Failures surface as <see cref="HttpRequestException"/>, a cancelled call as
/// <see cref="TaskCanceledException"/>, as with <see cref="HttpClient"/>.
/// </summary>
public sealed class LeanHttpClient : IDisposable
{
    private readonly ConcurrentDictionary<(string Scheme, string Host, int Port), ConcurrentStack<LeanHttpConnection>> idle = new();
    private readonly ConcurrentDictionary<LeanHttpConnection, byte> open = new();
    private readonly long timeoutMilliseconds;
    private readonly Timer sweep;
    private int disposed;

    public LeanHttpClient(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        timeoutMilliseconds = (long)timeout.TotalMilliseconds;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeoutMilliseconds / 4, 10, 1000));
        sweep = new Timer(_ => AbortOverdue(), null, period, period);
    }

    /// <summary>Connections currently open (idle or busy).</summary>
    public int OpenConnections => open.Count;

    /// <summary>Sends <paramref name="method"/> to <paramref name="uri"/> (absolute, http or https) and reads the whole answer.</summary>
    public async Task<LeanHttpResponse> SendAsync(
        HttpMethod method, Uri uri, string? authorization = null, string? idempotencyKey = null,
        ReadOnlyMemory<byte> jsonBody = default, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (cancellation.IsCancellationRequested)
        {
            throw new TaskCanceledException(null, null, cancellation);
        }

        var pool = idle.GetOrAdd(PoolKey(uri), static _ => new ConcurrentStack<LeanHttpConnection>());
        // A kept-alive connection the server closed meanwhile fails before any answer: that request is sent
        // again on a fresh connection (as HttpClient does), once.
        var attempt = 0;
        while (true)
        {
            var reused = pool.TryPop(out var connection);
            try
            {
                connection ??= await ConnectAsync(uri, cancellation);
                LeanHttpResponse response;
                using (cancellation.CanBeCanceled ? cancellation.UnsafeRegister(static c => ((LeanHttpConnection)c!).Abort(timedOut: false), connection) : default)
                {
                    response = await connection.SendAsync(method.Method, uri, authorization, idempotencyKey, jsonBody);
                }

                if (connection.IsReusable && Volatile.Read(ref disposed) == 0)
                {
                    pool.Push(connection);
                }
                else
                {
                    Close(connection);
                }

                return response;
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or HttpRequestException)
            {
                if (connection is not null)
                {
                    Close(connection);
                }

                if (cancellation.IsCancellationRequested)
                {
                    throw new TaskCanceledException("the request was cancelled", ex, cancellation);
                }

                if (connection is { TimedOut: true })
                {
                    throw new HttpRequestException($"no answer within {timeoutMilliseconds} ms", ex);
                }

                if (ex is StaleConnectionException && reused && attempt++ == 0)
                {
                    continue;
                }

                throw ex as HttpRequestException ?? new HttpRequestException($"{method} {uri}: {ex.Message}", ex);
            }
            catch (OperationCanceledException ex) when (ex is not TaskCanceledException)
            {
                if (connection is not null)
                {
                    Close(connection);
                }

                throw new TaskCanceledException("the request was cancelled", ex, cancellation);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        sweep.Dispose();
        foreach (var connection in open.Keys)
        {
            Close(connection);
        }
    }

    // Uri caches its scheme and host strings, so the key costs no allocation per request.
    private static (string, string, int) PoolKey(Uri uri) => (uri.Scheme, uri.Host, uri.Port);

    private async Task<LeanHttpConnection> ConnectAsync(Uri uri, CancellationToken cancellation)
    {
        var connection = await LeanHttpConnection.ConnectAsync(uri, cancellation);
        open.TryAdd(connection, 0);
        if (Volatile.Read(ref disposed) != 0)
        {
            Close(connection);
            throw new ObjectDisposedException(nameof(LeanHttpClient));
        }
        return connection;
    }

    private void Close(LeanHttpConnection connection)
    {
        open.TryRemove(connection, out _);
        connection.Dispose();
    }

    private void AbortOverdue()
    {
        var now = Environment.TickCount64;
        foreach (var connection in open.Keys)
        {
            var since = connection.BusySince;
            if (since != 0 && now - since > timeoutMilliseconds)
            {
                connection.Abort(timedOut: true);
            }
        }
    }
}
