using System.Buffers.Text;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Hongbao.LoadTests.Scenarios.Api.Lean;

/// <summary>
/// One keep-alive HTTP/1.1 connection carrying one request at a time (no pipelining). Reads the status line, the
/// headers it needs (<c>Content-Length</c>, <c>Transfer-Encoding: chunked</c>, <c>Connection: close</c>,
/// <c>Retry-After</c>) and the whole body; anything it cannot reuse safely is marked not reusable.
/// </summary>
internal sealed class LeanHttpConnection : IDisposable
{
    /// <summary>Bounds the header block and chunk-size lines: a larger one is a broken or hostile answer.</summary>
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly Socket socket;
    private readonly Stream stream;
    private byte[] buffer = new byte[4096];
    private int start;
    private int end;
    private byte[] request = new byte[512];
    private long busySince;
    private int aborted;

    private LeanHttpConnection(Socket socket, Stream stream)
    {
        this.socket = socket;
        this.stream = stream;
    }

    /// <summary>Whether the connection may carry another request.</summary>
    public bool IsReusable { get; private set; }

    /// <summary>Set when the client's sweep aborted the request for taking longer than its timeout.</summary>
    public bool TimedOut { get; private set; }

    public static async Task<LeanHttpConnection> ConnectAsync(Uri target, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancellation);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (target.Scheme == Uri.UriSchemeHttps)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = target.IdnHost }, cancellation);
                stream = tls;
            }
            return new LeanHttpConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Milliseconds (<see cref="Environment.TickCount64"/>) since the current request started; 0 when idle.</summary>
    public long BusySince => Volatile.Read(ref busySince);

    /// <summary>
    /// Sends one request and reads its answer. Throws <see cref="StaleConnectionException"/> when the connection
    /// closed before a single byte of the answer arrived (a keep-alive connection the server had already closed).
    /// </summary>
    public async Task<LeanHttpResponse> SendAsync(
        string method, Uri uri, string? authorization, string? idempotencyKey, ReadOnlyMemory<byte> jsonBody)
    {
        Volatile.Write(ref busySince, Math.Max(1, Environment.TickCount64));
        IsReusable = false;
        try
        {
            var length = WriteRequest(method, uri, authorization, idempotencyKey, jsonBody);
            try
            {
                await stream.WriteAsync(request.AsMemory(0, length));
            }
            catch (IOException) when (Volatile.Read(ref aborted) == 0)
            {
                throw new StaleConnectionException();
            }
            return await ReadResponseAsync(method);
        }
        finally
        {
            Volatile.Write(ref busySince, 0);
        }
    }

    /// <summary>Closes the socket under a pending request (timeout or cancellation), which then fails.</summary>
    public void Abort(bool timedOut)
    {
        if (Interlocked.Exchange(ref aborted, 1) != 0)
        {
            return;
        }

        TimedOut = timedOut;
        IsReusable = false;
        socket.Dispose();
    }

    public void Dispose()
    {
        Abort(timedOut: false);
        stream.Dispose();
    }

    private int WriteRequest(string method, Uri uri, string? authorization, string? idempotencyKey, ReadOnlyMemory<byte> jsonBody)
    {
        var path = uri.PathAndQuery;
        var host = uri.Host;
        Span<byte> port = stackalloc byte[11];
        Utf8Formatter.TryFormat(uri.Port, port, out var portLength);
        port = port[..portLength];
        var sendsLength = jsonBody.Length > 0 || method is "POST" or "PUT" or "PATCH";
        var contentLength = sendsLength ? jsonBody.Length.ToString(CultureInfo.InvariantCulture) : "";
        var size = method.Length + 1 + path.Length + 11 + 6 + host.Length + 1 + port.Length + 2
                   + (authorization is null ? 0 : 15 + authorization.Length + 2)
                   + (idempotencyKey is null ? 0 : 17 + idempotencyKey.Length + 2)
                   + (jsonBody.Length > 0 ? 32 : 0)
                   + (sendsLength ? 16 + contentLength.Length + 2 : 0)
                   + 2 + jsonBody.Length;
        if (request.Length < size)
        {
            request = new byte[Math.Max(size, request.Length * 2)];
        }

        var span = request.AsSpan();
        var at = 0;
        Put(span, ref at, method); Put(span, ref at, " "); Put(span, ref at, path); Put(span, ref at, " HTTP/1.1\r\n");
        Put(span, ref at, "Host: "); Put(span, ref at, host); span[at++] = (byte)':'; port.CopyTo(span[at..]); at += port.Length; Put(span, ref at, "\r\n");
        if (authorization is not null) { Put(span, ref at, "Authorization: "); Put(span, ref at, authorization); Put(span, ref at, "\r\n"); }
        if (idempotencyKey is not null) { Put(span, ref at, "Idempotency-Key: "); Put(span, ref at, idempotencyKey); Put(span, ref at, "\r\n"); }
        if (jsonBody.Length > 0)
        {
            Put(span, ref at, "Content-Type: application/json\r\n");
        }

        if (sendsLength) { Put(span, ref at, "Content-Length: "); Put(span, ref at, contentLength); Put(span, ref at, "\r\n"); }
        Put(span, ref at, "\r\n");
        jsonBody.Span.CopyTo(span[at..]);
        return at + jsonBody.Length;
    }

    private static void Put(Span<byte> span, ref int at, string text)
    {
        // Request lines and header values are ASCII (escaped paths, JWTs, generated keys); anything else is refused.
        if (!Ascii.IsValid(text))
        {
            throw new ArgumentException($"not ASCII: {text}", nameof(text));
        }

        at += Encoding.ASCII.GetBytes(text, span[at..]);
    }

    private async Task<LeanHttpResponse> ReadResponseAsync(string method)
    {
        var received = false;
        while (true)
        {
            int headerLength;
            while ((headerLength = Buffered.IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (end - start > MaxHeaderBytes)
                {
                    throw new HttpRequestException("response headers larger than 64 KB");
                }

                bool filled;
                try
                {
                    filled = await FillAsync();
                }
                catch (IOException) when (!received && start == end && Volatile.Read(ref aborted) == 0)
                {
                    throw new StaleConnectionException();
                }
                if (filled) { received = true; continue; }
                if (!received && start == end)
                {
                    throw new StaleConnectionException();
                }

                throw new HttpRequestException("the connection closed inside the response headers");
            }
            var head = ParseHead(buffer.AsSpan(start, headerLength));
            start += headerLength + 4;
            if (head.Status is >= 100 and < 200)
            {
                continue; // 100 Continue and other interim answers precede the real one
            }

            byte[] body;
            var closes = head.Closes;
            if (method == "HEAD" || head.Status is 204 or 304)
            {
                body = [];
            }
            else if (head.Chunked)
            {
                body = await ReadChunkedAsync();
            }
            else if (head.ContentLength is { } contentLength)
            {
                body = await ReadExactAsync(contentLength);
            }
            else
            {
                body = await ReadToEndAsync();
                closes = true;
            }
            // One request at a time: bytes beyond the answer mean the two sides disagree about framing.
            IsReusable = !closes && start == end && Volatile.Read(ref aborted) == 0;
            return new LeanHttpResponse(head.Status, body, head.RetryAfter);
        }
    }

    private ReadOnlySpan<byte> Buffered => buffer.AsSpan(start, end - start);

    private static Head ParseHead(ReadOnlySpan<byte> block)
    {
        var lineEnd = block.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? block : block[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3)
        {
            throw new HttpRequestException($"not an HTTP/1.x status line: {Encoding.ASCII.GetString(statusLine)}");
        }

        var head = new Head { Status = status, Closes = statusLine[7] == (byte)'0' };
        var rest = lineEnd < 0 ? [] : block[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var next = rest.IndexOf("\r\n"u8);
            var line = next < 0 ? rest : rest[..next];
            rest = next < 0 ? [] : rest[(next + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new HttpRequestException("malformed response header line");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
                {
                    throw new HttpRequestException("malformed Content-Length");
                }

                head.ContentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                head.Chunked = ContainsIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (ContainsIgnoreCase(value, "close"u8))
                {
                    head.Closes = true;
                }
                else if (ContainsIgnoreCase(value, "keep-alive"u8))
                {
                    head.Closes = false;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Retry-After"u8))
            {
                head.RetryAfter = ParseRetryAfter(value);
            }
        }
        return head;
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i + token.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, token.Length), token))
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan? ParseRetryAfter(ReadOnlySpan<byte> value)
    {
        if (Utf8Parser.TryParse(value, out int seconds, out var used) && used == value.Length && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(Encoding.ASCII.GetString(value), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var date)
            ? TimeSpan.FromTicks(Math.Max(0, (date - DateTimeOffset.UtcNow).Ticks))
            : null;
    }

    private async Task<byte[]> ReadExactAsync(long length)
    {
        if (length > Array.MaxLength)
        {
            throw new HttpRequestException("response body too large");
        }

        var body = new byte[length];
        var copied = Math.Min(body.Length, end - start);
        Buffered[..copied].CopyTo(body);
        start += copied;
        while (copied < body.Length)
        {
            var read = await stream.ReadAsync(body.AsMemory(copied));
            if (read == 0)
            {
                throw new HttpRequestException("the connection closed inside the response body");
            }

            copied += read;
        }
        return body;
    }

    private async Task<byte[]> ReadChunkedAsync()
    {
        var body = new MemoryStream();
        while (true)
        {
            var line = await ReadLineAsync();
            var sizeText = buffer.AsSpan(start, line);
            var extension = sizeText.IndexOf((byte)';');
            if (extension >= 0)
            {
                sizeText = sizeText[..extension];
            }

            sizeText = sizeText.Trim((byte)' ');
            if (!Utf8Parser.TryParse(sizeText, out int size, out var used, 'x') || used != sizeText.Length || size < 0)
            {
                throw new HttpRequestException("malformed chunk size");
            }

            start += line + 2;
            if (size == 0)
            {
                // Trailer lines, if any, end with an empty line.
                while ((line = await ReadLineAsync()) > 0)
                {
                    start += line + 2;
                }

                start += 2;
                return body.ToArray();
            }
            await EnsureBufferedAsync(size + 2);
            body.Write(buffer, start, size);
            if (buffer[start + size] != (byte)'\r' || buffer[start + size + 1] != (byte)'\n')
            {
                throw new HttpRequestException("chunk not followed by CRLF");
            }

            start += size + 2;
        }
    }

    /// <summary>The length of the next line in the buffer (without its CRLF), reading more as needed.</summary>
    private async Task<int> ReadLineAsync()
    {
        int line;
        while ((line = Buffered.IndexOf("\r\n"u8)) < 0)
        {
            if (end - start > MaxHeaderBytes)
            {
                throw new HttpRequestException("response line larger than 64 KB");
            }

            if (!await FillAsync())
            {
                throw new HttpRequestException("the connection closed inside a chunked body");
            }
        }
        return line;
    }

    private async Task EnsureBufferedAsync(int count)
    {
        while (end - start < count)
        {
            if (!await FillAsync(count))
            {
                throw new HttpRequestException("the connection closed inside a chunked body");
            }
        }
    }

    private async Task<byte[]> ReadToEndAsync()
    {
        while (await FillAsync()) { }
        var body = Buffered.ToArray();
        start = end;
        return body;
    }

    /// <summary>Reads more bytes after the buffered ones (compacting or growing the buffer); false at end of stream.</summary>
    private async ValueTask<bool> FillAsync(int wanted = 0)
    {
        if (start == end)
        {
            start = end = 0;
        }

        if (end == buffer.Length || buffer.Length - start < wanted)
        {
            var target = buffer.Length - (end - start) < Math.Max(wanted, 1) + 1024
                ? new byte[Math.Max(buffer.Length * 2, wanted + 1024)]
                : buffer;
            Buffered.CopyTo(target);
            end -= start;
            start = 0;
            buffer = target;
        }
        var read = await stream.ReadAsync(buffer.AsMemory(end));
        end += read;
        return read > 0;
    }

    private struct Head
    {
        public int Status;
        public long? ContentLength;
        public bool Chunked;
        public bool Closes;
        public TimeSpan? RetryAfter;
    }
}
