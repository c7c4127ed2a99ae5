namespace Archiver.Store.Server.Rpc;

/// <summary><c>{responses: [{LatestYear, TimeFrame, DSV, RecordType, ServerResp}…]}</c>.</summary>
public sealed record GetInfoReply(IReadOnlyList<BucketInfoEntry> Responses) : RpcReply;
