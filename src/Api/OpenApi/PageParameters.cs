using System.Globalization;
using Microsoft.OpenApi;

namespace Hongbao.Api.OpenApi;

/// <summary>
/// A paged endpoint's query parameters as the contract has them: the handlers bind them as text only so that a bad
/// one is a 400 naming it, so the document states what they parse: an integer page size with its bounds, and a cursor
/// that is opaque text (the page's <c>next</c>).
/// </summary>
public static class PageParameters
{
    public static void Describe(OpenApiOperation operation, int limitMax, int limitDefault, string limitDescription, string cursorName, string cursorDescription)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name == "limit")
            {
                parameter.Description = limitDescription;
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "1",
                    Maximum = limitMax.ToString(CultureInfo.InvariantCulture),
                    Default = limitDefault,
                };
            }
            else if (parameter.Name == cursorName)
            {
                parameter.Description = cursorDescription;
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
            }
        }
    }
}
