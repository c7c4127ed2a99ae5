namespace Archiver.Store.Server.Rpc;

/// <summary><c>DataService.ListSymbols</c> params: <c>format</c> is "tbk" for keys, anything else for symbols.</summary>
public sealed record ListSymbolsParams(string? Format)
{
    public bool Keys => string.Equals(Format, "tbk", StringComparison.Ordinal);
}
