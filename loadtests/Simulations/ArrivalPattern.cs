namespace Hongbao.LoadTests.Simulations;

/// <summary>How open-model arrivals are spaced: evenly, or as a Poisson process of the same rate.</summary>
public enum ArrivalPattern
{
    Even,
    Poisson,
}
