namespace Hongbao.Storage;

public static class SchemaStage
{
    /// <summary>Before the runtime starts membership and the providers that read OrleansQuery.</summary>
    public const int BeforeProviders = ServiceLifecycleStage.RuntimeInitialize - 100;
}
