namespace Archiver.Store.Server.Rpc;

/// <summary>The methods of MarketStore's <c>DataService</c>, matched case-sensitively.</summary>
public enum RpcMethod
{
    Query,
    Write,
    Create,
    Destroy,
    ListSymbols,
    GetInfo,
}
