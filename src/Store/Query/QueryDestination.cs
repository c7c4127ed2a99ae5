using Archiver.Store.Buckets;

namespace Archiver.Store.Query;

/// <summary>
/// A query destination <c>SYM[,SYM2…]/TF/ATTR[:categories]</c> split into its parts. The symbol part is a comma list
/// (blanks trimmed, empties and repeats dropped) or <c>*</c>; the timeframe is kept as written.
/// </summary>
public sealed record QueryDestination(IReadOnlyList<string> Symbols, string Timeframe, string AttributeGroup)
{
    /// <summary>The symbol that stands for every symbol in the catalog.</summary>
    public const string AllSymbols = "*";

    /// <summary>Whether the destination is <c>*/TF/ATTR</c>.</summary>
    public bool IsAllSymbols => Symbols is [AllSymbols];

    /// <summary>Parses <paramref name="destination"/>; throws <see cref="StoreException"/> with MarketStore's text.</summary>
    public static QueryDestination Parse(string? destination)
    {
        var text = destination ?? string.Empty;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var items = (colon < 0 ? text : text[..colon]).Split('/');
        if (items.Length != 3 || items.Any(p => p.Length == 0))
            throw new StoreException($"destinations must have a Symbol, Timeframe and AttributeGroup, have: {text}");

        var symbols = new List<string>();
        foreach (var part in items[0].Split(','))
        {
            var symbol = part.Trim();
            if (symbol.Length > 0 && !symbols.Contains(symbol, StringComparer.Ordinal)) symbols.Add(symbol);
        }

        if (symbols.Count == 0)
            throw new StoreException($"destinations must have a Symbol, Timeframe and AttributeGroup, have: {text}");
        return new QueryDestination(symbols, items[1], items[2]);
    }
}
