namespace Archiver.Store.Server.Rpc;

/// <summary><c>DataService.Write</c> params.</summary>
public sealed record WriteParams(IReadOnlyList<WriteRequestArgs> Requests);
