namespace Hongbao.LoadTests.Harness;

/// <summary>The outcome of one step or one scenario iteration, as the harness records it.</summary>
public interface IResponse
{
    bool IsError { get; }
    string StatusCode { get; }
    long SizeBytes { get; }
    string Message { get; }

    /// <summary>
    /// An OK answer that is an expected refusal (e.g. <c>409 envelope_exhausted</c>): not a failure, but not a
    /// business success either, so headline rates count it apart.
    /// </summary>
    bool IsRefusal => false;

    /// <summary>
    /// A refusal saying that what the scenario consumes has run out (the envelope's last share is gone): from the
    /// first one on, successes can no longer come, so the headline rate counts only the time before it.
    /// </summary>
    bool IsExhaustion => false;
}
