using Hongbao.Api.Errors;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Hosting;

public static class RequestBodyLimit
{
    /// <summary>
    /// Refuses a declared oversized body with 413 before anything reads it. Kestrel enforces the same limit on
    /// bodies without a Content-Length (chunked) while they are read; this covers hosts that do not (test servers).
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var bodyBytesMax = app.ApplicationServices.GetRequiredService<IOptions<HostingOptions>>().Value.RequestBodyBytesMax;
        return app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > bodyBytesMax)
            {
                var problem = Problems.Create(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, $"The request body is larger than {bodyBytesMax} bytes.");
                await TypedResults.Problem(problem).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
