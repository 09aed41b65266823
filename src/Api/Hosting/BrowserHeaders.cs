namespace Hongbao.Api.Hosting;

public static class BrowserHeaders
{
    /// <summary>
    /// What the page needs and nothing more (the same as its meta tag, which cannot say frame-ancestors): its own
    /// scripts, styles and images, no plugins, and no framing by another site (clickjacking of the Grab button).
    /// </summary>
    public const string PageContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // The API reference and the Orleans dashboard bring their own inline scripts and styles: they keep only the framing ban.
    private const string ToolContentSecurityPolicy = "frame-ancestors 'none'";

    private static readonly PathString[] ToolPaths = ["/docs", "/dashboard"];

    /// <summary>
    /// Sets the browser headers on every response, errors included: they are added as the response starts, after
    /// anything (the exception handler) may have cleared the headers. HSTS outside Development, on HTTPS requests.
    /// </summary>
    public static WebApplication UseBrowserHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ToolPaths.Any(path => http.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase))
                    ? ToolContentSecurityPolicy
                    : PageContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }
}
