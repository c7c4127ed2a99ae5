namespace Archiver.Store.Server.Rpc;

/// <summary><c>{responses: [...]}</c> of Write (null when every request succeeded), Create and Destroy (one entry per request).</summary>
public sealed record ResponsesReply(IReadOnlyList<ServerResponse>? Responses) : RpcReply;
