namespace Archiver.Store.Server.Rpc;

/// <summary>MarketStore's per-request <c>{error, version}</c>; <see cref="Error"/> is "" on success.</summary>
public sealed record ServerResponse(string Error, string Version);
