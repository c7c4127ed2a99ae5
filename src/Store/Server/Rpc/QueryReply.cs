using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary><c>{responses: [{result: dataset}…], version, timezone}</c>.</summary>
public sealed record QueryReply(IReadOnlyList<QueryResult> Results, string Version, string Timezone) : RpcReply;
