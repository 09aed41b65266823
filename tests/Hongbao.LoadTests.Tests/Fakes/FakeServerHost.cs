using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hongbao.LoadTests.Tests.Fakes;

/// <summary>
/// One real Kestrel server on a free loopback port for the whole test run, so the load tool's own HTTP client is
/// what talks to the fakes. <c>/fake{n}/...</c> is handed to the n-th registered fake as a request for <c>...</c>.
/// </summary>
internal static class FakeServerHost
{
    private static readonly ConcurrentDictionary<int, HttpMessageHandler> Fakes = new();
    private static readonly Lazy<Task<Uri>> Address = new(StartAsync);
    private static int nextId;

    /// <summary>Registers <paramref name="fake"/> and returns its base address on the shared server.</summary>
    public static async Task<Uri> RegisterAsync(HttpMessageHandler fake)
    {
        var id = Interlocked.Increment(ref nextId);
        Fakes[id] = fake;
        return new Uri(await Address.Value, $"fake{id}/");
    }

    private static async Task<Uri> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(ForwardAsync);
        await app.StartAsync();
        return new Uri(app.Urls.Single().TrimEnd('/') + "/");
    }

    private static async Task ForwardAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.TrimStart('/').Split('/', 2);
        if (!segments[0].StartsWith("fake", StringComparison.Ordinal) || !int.TryParse(segments[0][4..], out var id)
            || !Fakes.TryGetValue(id, out var fake))
        {
            context.Response.StatusCode = 404;
            return;
        }
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            new Uri(FakeHongbaoServer.BaseAddress, (segments.Length > 1 ? segments[1] : "") + context.Request.QueryString));
        foreach (var name in new[] { "Authorization", "Idempotency-Key" })
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
            {
                request.Headers.TryAddWithoutValidation(name, value.ToString());
            }
        }

        if (context.Request.ContentLength > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
        }
        using var invoker = new HttpMessageInvoker(fake, disposeHandler: false);
        using var response = await invoker.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Headers.RetryAfter?.Delta is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.Body.WriteAsync(await response.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }
}
