namespace Hongbao.Api.Hosting;

public static class WebPage
{
    /// <summary>
    /// Serves the page in wwwroot (index.html at "/") to anyone: it holds no data, every call it makes carries the
    /// user's token. Routing has already matched by then, and a matched endpoint is never shadowed by a file.
    /// </summary>
    public static IApplicationBuilder UseWebPage(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        // Plain files without a build step have no fingerprint in their names: revalidate them (ETag) on every load.
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
