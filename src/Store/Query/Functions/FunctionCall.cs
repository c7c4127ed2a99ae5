namespace Archiver.Store.Query.Functions;

/// <summary>
/// One parsed function call of a query's <c>functions</c> list, split the way MarketStore splits it: the name (text
/// before the first <c>(</c>), the single-quoted literals in order, and the remaining comma-separated parameters
/// (column names, possibly <c>Input::Column</c>).
/// </summary>
public sealed record FunctionCall(string Name, IReadOnlyList<string> Literals, IReadOnlyList<string> Parameters)
{
    /// <summary>
    /// Parses <paramref name="text"/>: trimmed; the name is the trimmed text before the first <c>(</c>; the arguments
    /// run to the last <c>)</c>; quoted literals are taken out first, then the rest is split on commas with blanks
    /// dropped. Throws <see cref="Buckets.StoreException"/> with MarketStore's texts.
    /// </summary>
    public static FunctionCall Parse(string? text)
    {
        var call = (text ?? string.Empty).Trim();
        var open = call.IndexOf('(', StringComparison.Ordinal);
        var close = call.LastIndexOf(')');
        if (open < 0 || close < open) throw new Buckets.StoreException($"unable to parse function call {call}");
        var name = call[..open].Trim();
        if (name.Length == 0) throw new Buckets.StoreException($"unable to parse function call {call}");

        var args = call.AsSpan(open + 1, close - open - 1);
        var literals = new List<string>();
        var rest = new System.Text.StringBuilder(args.Length);
        var i = 0;
        while (i < args.Length)
        {
            var quote = args[i..].IndexOf('\'');
            if (quote < 0)
            {
                rest.Append(args[i..]);
                break;
            }

            rest.Append(args.Slice(i, quote));
            var start = i + quote + 1;
            var end = args[start..].IndexOf('\'');
            if (end < 0) throw new Buckets.StoreException($"unclosed literal {args.ToString()}");
            literals.Add(args.Slice(start, end).ToString());
            i = start + end + 1;
        }

        var parameters = new List<string>();
        foreach (var token in rest.ToString().Split(','))
        {
            var p = token.Trim();
            if (p.Length > 0) parameters.Add(p);
        }

        return new FunctionCall(name, literals, parameters);
    }

    public override string ToString() =>
        $"{Name}({string.Join(", ", Literals.Select(l => "'" + l + "'").Concat(Parameters))})";
}
