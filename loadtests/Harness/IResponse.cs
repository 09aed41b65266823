namespace Hongbao.LoadTests.Harness;

/// <summary>The outcome of one step or one scenario iteration, as the harness records it.</summary>
public interface IResponse
{
    bool IsError { get; }
    string StatusCode { get; }
    long SizeBytes { get; }
    string Message { get; }
}
