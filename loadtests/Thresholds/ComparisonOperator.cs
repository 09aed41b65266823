namespace Hongbao.LoadTests.Thresholds;

public enum ComparisonOperator
{
    LessThan, LessOrEqual, GreaterThan, GreaterOrEqual, Equal, NotEqual,
}
