using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary><c>DataService.Query</c> params: one <see cref="QueryRequest"/> per PMS <c>Params</c>.</summary>
public sealed record QueryParams(IReadOnlyList<QueryRequest> Requests);
