using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>Title, description, tag descriptions, and server URLs without the trailing slash (paths start with one).</summary>
public sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Envelopes"] = "Send envelopes, read them, grab a share.",
        ["Wallets"] = "Balances, ledgers and (admins) deposits; amounts in fen.",
        ["Development"] = "Embedded Development mode only: tokens and the dashboard login.",
        ["Health"] = "Liveness and readiness probes, without a token.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Hongbao API";
        document.Info.Description = "Red envelopes (hongbao): send, grab, wallets. Money is an integer number of fen. "
            + "Every error is application/problem+json with a stable code and the request's traceId (docs/api.md).";
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }
}
