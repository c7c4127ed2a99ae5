namespace Archiver.Store.Server.Rpc;

/// <summary><c>DataService.Create</c> params.</summary>
public sealed record CreateParams(IReadOnlyList<CreateRequestArgs> Requests);
