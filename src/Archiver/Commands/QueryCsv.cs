using System.Text;

namespace Archiver.Cli.Commands;

/// <summary>
/// Writes query slices as CSV: a header, then one line per row; Epoch as ISO-8601 UTC (with nine fraction digits when a
/// variable bucket's Nanoseconds is folded in), values in the invariant culture (floats round-trip, NaN as <c>NaN</c>).
/// With <c>withSymbol</c> a leading <c>Symbol</c> column names each row's slice.
/// </summary>
internal static class QueryCsv
{
    public static void Write(TextWriter output, IReadOnlyList<(string Symbol, QueryResultTable Table)> slices, bool withSymbol)
    {
        var names = slices.Count > 0 ? slices[0].Table.Names : [];
        var header = new StringBuilder();
        if (withSymbol) header.Append("Symbol,");
        header.Append("Epoch");
        foreach (var n in names) header.Append(',').Append(Escape(n));
        output.WriteLine(header.ToString());
        var line = new StringBuilder();
        foreach (var (symbol, table) in slices)
        {
            for (var r = 0; r < table.RowCount; r++)
            {
                line.Clear();
                if (withSymbol) line.Append(Escape(symbol)).Append(',');
                line.Append(table.IsoText(r));
                foreach (var c in table.Columns) line.Append(',').Append(Escape(QueryResultTable.Value(c, r)));
                output.WriteLine(line.ToString());
            }
        }
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
