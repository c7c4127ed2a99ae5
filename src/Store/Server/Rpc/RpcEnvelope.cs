namespace Archiver.Store.Server.Rpc;

/// <summary>
/// A decoded request envelope: the method name, whether it has an id (no id or nil = notification), and where the
/// id's and the params' encoded bytes lie in the body (the id is echoed unchanged; params are decoded per method).
/// </summary>
public readonly record struct RpcEnvelope(string? Method, string? JsonRpc, Range Id, bool HasId, Range Params, bool HasParams);
