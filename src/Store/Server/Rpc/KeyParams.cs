namespace Archiver.Store.Server.Rpc;

/// <summary><c>DataService.Destroy</c> and <c>DataService.GetInfo</c> params: one key per request.</summary>
public sealed record KeyParams(IReadOnlyList<string> Keys);
