namespace Hongbao.LoadTests.Harness;

/// <summary>NBomber-style factory for step and iteration outcomes.</summary>
public sealed record Response(bool IsError, string StatusCode, long SizeBytes, string Message) : IResponse
{
    public bool IsRefusal { get; init; }

    public bool IsExhaustion { get; init; }

    public static IResponse Ok(string statusCode = "OK", long sizeBytes = 0, string message = "") =>
        new Response(false, statusCode, sizeBytes, message);

    public static IResponse Ok(int statusCode, long sizeBytes = 0, string message = "") =>
        Ok(statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), sizeBytes, message);

    /// <summary>An expected refusal: OK (the right answer to the load sent) but not a success.</summary>
    public static IResponse Refused(string statusCode, long sizeBytes = 0, string message = "") =>
        new Response(false, statusCode, sizeBytes, message) { IsRefusal = true };

    /// <summary>An expected refusal that also says the scenario's supply has run out (see <see cref="IResponse.IsExhaustion"/>).</summary>
    public static IResponse Exhausted(string statusCode, long sizeBytes = 0) =>
        new Response(false, statusCode, sizeBytes, "") { IsRefusal = true, IsExhaustion = true };

    public static IResponse Fail(string statusCode = "FAIL", string message = "", long sizeBytes = 0) =>
        new Response(true, statusCode, sizeBytes, message);

    public static IResponse Fail(int statusCode, string message = "", long sizeBytes = 0) =>
        Fail(statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), message, sizeBytes);
}
