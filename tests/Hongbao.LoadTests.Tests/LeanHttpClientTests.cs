using System.Net;
using System.Net.Sockets;
using System.Text;
using Hongbao.LoadTests.Scenarios.Api.Lean;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hongbao.LoadTests.Tests;

/// <summary>The load tool's own HTTP/1.1 client against a real Kestrel server: statuses, bodies, framing, reuse, failures.</summary>
public sealed class LeanHttpClientTests : IAsyncLifetime
{
    private static readonly byte[] Large = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 251))];

    private WebApplication? server;
    private Uri baseAddress = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        server = builder.Build();
        server.MapGet("/length", () => Results.Text("hello", "text/plain"));
        server.MapGet("/large", async (HttpContext context) =>
        {
            context.Response.ContentLength = Large.Length;
            await context.Response.Body.WriteAsync(Large);
        });
        server.MapGet("/chunked", async (HttpContext context) =>
        {
            // Flushed in pieces with no Content-Length: Kestrel answers chunked.
            foreach (var piece in Large.Chunk(70_000))
            {
                await context.Response.Body.WriteAsync(piece);
                await context.Response.Body.FlushAsync();
            }
        });
        server.MapGet("/status/{code:int}", (int code, HttpContext context) =>
        {
            if (code == 503)
            {
                context.Response.Headers.RetryAfter = "7";
            }

            return code == 204 ? Results.NoContent() : Results.Text($"status {code}", statusCode: code);
        });
        server.MapPost("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Text($"{context.Request.Headers.Authorization}|{context.Request.Headers["Idempotency-Key"]}|" +
                                $"{context.Request.ContentType}|{context.Request.ContentLength}|{body}");
        });
        server.MapGet("/close", (HttpContext context) =>
        {
            context.Response.Headers.Connection = "close";
            return Results.Text("bye");
        });
        server.MapGet("/hang", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await server.StartAsync(Cancel);
        baseAddress = new Uri(server.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private Uri At(string path) => new(baseAddress, path);

    [Fact]
    public async Task Reads_a_body_framed_by_Content_Length_and_reuses_the_connection()
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));

        var first = await client.SendAsync(HttpMethod.Get, At("/length"), cancellation: Cancel);
        var second = await client.SendAsync(HttpMethod.Get, At("/length"), cancellation: Cancel);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal("hello", Encoding.ASCII.GetString(first.Body));
        Assert.Equal("hello", Encoding.ASCII.GetString(second.Body));
        Assert.Equal(1, client.OpenConnections);
    }

    [Theory]
    [InlineData("/large")]
    [InlineData("/chunked")]
    public async Task Reads_large_bodies_exactly_whether_sized_or_chunked(string path)
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));

        var response = await client.SendAsync(HttpMethod.Get, At(path), cancellation: Cancel);
        var again = await client.SendAsync(HttpMethod.Get, At("/length"), cancellation: Cancel);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(Large, response.Body);
        Assert.Equal("hello", Encoding.ASCII.GetString(again.Body));
        Assert.Equal(1, client.OpenConnections);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(500)]
    public async Task Passes_statuses_and_their_bodies_through(int code)
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));

        var response = await client.SendAsync(HttpMethod.Get, At($"/status/{code}"), cancellation: Cancel);

        Assert.Equal(code, response.StatusCode);
        Assert.Equal($"status {code}", Encoding.ASCII.GetString(response.Body));
        Assert.Null(response.RetryAfter);
    }

    [Fact]
    public async Task Reads_no_body_for_204_and_Retry_After_on_503()
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));

        var empty = await client.SendAsync(HttpMethod.Get, At("/status/204"), cancellation: Cancel);
        var overloaded = await client.SendAsync(HttpMethod.Get, At("/status/503"), cancellation: Cancel);

        Assert.Equal(204, empty.StatusCode);
        Assert.Empty(empty.Body);
        Assert.Equal(503, overloaded.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), overloaded.RetryAfter);
        Assert.Equal(1, client.OpenConnections);
    }

    [Fact]
    public async Task Sends_headers_and_a_json_body_or_an_empty_post()
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));

        var withBody = await client.SendAsync(HttpMethod.Post, At("/echo"), "Bearer abc", "key-1", "{\"amount\":5}"u8.ToArray(), Cancel);
        var empty = await client.SendAsync(HttpMethod.Post, At("/echo"), "Bearer xyz", cancellation: Cancel);

        Assert.Equal("Bearer abc|key-1|application/json|12|{\"amount\":5}", Encoding.UTF8.GetString(withBody.Body));
        Assert.Equal("Bearer xyz|||0|", Encoding.UTF8.GetString(empty.Body));
    }

    [Fact]
    public async Task Does_not_reuse_a_connection_the_server_closes()
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));

        var response = await client.SendAsync(HttpMethod.Get, At("/close"), cancellation: Cancel);
        var next = await client.SendAsync(HttpMethod.Get, At("/length"), cancellation: Cancel);

        Assert.Equal("bye", Encoding.ASCII.GetString(response.Body));
        Assert.Equal("hello", Encoding.ASCII.GetString(next.Body));
        Assert.Equal(1, client.OpenConnections);
    }

    [Fact]
    public async Task Sends_again_on_a_new_connection_when_a_kept_alive_one_was_closed_unannounced()
    {
        // A server that answers one request per connection and then closes it without saying so.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var served = 0;
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var socket = await listener.AcceptSocketAsync(Cancel);
                var buffer = new byte[4096];
                var received = 0;
                while (!Encoding.ASCII.GetString(buffer, 0, received).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    received += await socket.ReceiveAsync(buffer.AsMemory(received), Cancel);
                }

                Interlocked.Increment(ref served);
                await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), Cancel);
                socket.Shutdown(SocketShutdown.Both);
            }
        }, Cancel);
        var uri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));

        var first = await client.SendAsync(HttpMethod.Get, uri, cancellation: Cancel);
        var second = await client.SendAsync(HttpMethod.Get, uri, cancellation: Cancel);
        await serving;

        Assert.Equal("ok", Encoding.ASCII.GetString(first.Body));
        Assert.Equal("ok", Encoding.ASCII.GetString(second.Body));
        Assert.Equal(2, served);
    }

    [Fact]
    public async Task A_request_without_an_answer_fails_after_the_timeout_and_its_connection_is_dropped()
    {
        using var client = new LeanHttpClient(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(HttpMethod.Get, At("/hang"), cancellation: Cancel));

        Assert.Contains("no answer within 300 ms", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.OpenConnections);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Get, At("/length"), cancellation: Cancel)).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_pending_request_throws_TaskCanceledException()
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var pending = client.SendAsync(HttpMethod.Get, At("/hang"), cancellation: cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => pending);
        Assert.Equal(0, client.OpenConnections);
    }

    [Fact]
    public async Task A_server_that_is_down_fails_with_HttpRequestException()
    {
        using var client = new LeanHttpClient(TimeSpan.FromSeconds(30));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/"), cancellation: Cancel));
    }
}
