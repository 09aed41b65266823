using System.Reflection;
using Orleans.Serialization.Invocation;

namespace Hongbao.Api.Tests.Cluster;

/// <summary>
/// An outgoing grain call as a filter sees it: a call to <see cref="Interface"/> whose answer is <see cref="Answer"/>.
/// Only the members the gateway-loss filter reads are served; any other member fails the test.
/// </summary>
public class CallContext : DispatchProxy
{
    private Type Interface { get; set; } = null!;

    private Task Answer { get; set; } = null!;

    public static IOutgoingGrainCallContext Of(Type grainInterface, Task answer)
    {
        var context = Create<IOutgoingGrainCallContext, CallContext>();
        var proxy = (CallContext)(object)context;
        proxy.Interface = grainInterface;
        proxy.Answer = answer;
        return context;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_Request" => RequestTo(Interface),
        "Invoke" => Answer,
        "GetInterfaceType" => Interface,
        _ => throw new NotSupportedException($"The gateway-loss filter is not expected to use {targetMethod?.Name}."),
    };

    private static IInvokable RequestTo(Type grainInterface)
    {
        var request = Create<IInvokable, CallContext>();
        ((CallContext)(object)request).Interface = grainInterface;
        return request;
    }
}
