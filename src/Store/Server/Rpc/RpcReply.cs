namespace Archiver.Store.Server.Rpc;

/// <summary>The result of a DataService method, encoded by the MessagePack or the JSON codec.</summary>
public abstract record RpcReply;
