namespace Archiver.Store.Server.Rpc;

/// <summary><c>{Results: [...]}</c> (capital R, as MarketStore's untagged Go field).</summary>
public sealed record ListSymbolsReply(IReadOnlyList<string> Results) : RpcReply;
