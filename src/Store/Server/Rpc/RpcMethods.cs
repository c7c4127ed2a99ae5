namespace Archiver.Store.Server.Rpc;

/// <summary>Resolves <c>Service.Method</c> names with MarketStore's (gorilla rpc's) error texts.</summary>
public static class RpcMethods
{
    public const string Service = "DataService";

    /// <summary>The method named by <paramref name="name"/>, or an <see cref="RpcException"/> with MarketStore's text.</summary>
    public static RpcMethod Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1)
            throw new RpcException(RpcException.ServerError, $"rpc: service/method request ill-formed: \"{name}\"");
        if (!name.AsSpan(0, dot).SequenceEqual(Service))
            throw new RpcException(RpcException.ServerError, $"rpc: can't find service \"{name}\"");
        return name.AsSpan(dot + 1) switch
        {
            "Query" => RpcMethod.Query,
            "Write" => RpcMethod.Write,
            "Create" => RpcMethod.Create,
            "Destroy" => RpcMethod.Destroy,
            "ListSymbols" => RpcMethod.ListSymbols,
            "GetInfo" => RpcMethod.GetInfo,
            _ => throw new RpcException(RpcException.ServerError, $"rpc: can't find method \"{name}\""),
        };
    }
}
