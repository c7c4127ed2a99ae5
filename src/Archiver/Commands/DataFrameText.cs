using System.Text;

namespace Archiver.Cli.Commands;

/// <summary>
/// Prints a query slice the way pandas prints the DataFrame pymarketstore gives (<c>reply.first().df()</c>): a header
/// of right-aligned column names, an <c>Epoch</c> index line, one line per row with the UTC time as index; more than
/// <see cref="MaxRows"/> rows show the first and last five around a <c>...</c> line and end with
/// <c>[N rows x M columns]</c>; no rows print pandas' <c>Empty DataFrame</c> block.
/// </summary>
internal static class DataFrameText
{
    public const int MaxRows = 60;
    public const int HeadTail = 5;

    public static void Write(TextWriter output, QueryResultTable table)
    {
        if (table.RowCount == 0)
        {
            output.WriteLine("Empty DataFrame");
            output.WriteLine($"Columns: [{string.Join(", ", table.Names)}]");
            output.WriteLine("Index: []");
            return;
        }

        var truncated = table.RowCount > MaxRows;
        var rows = truncated
            ? Enumerable.Range(0, HeadTail).Concat(Enumerable.Range(table.RowCount - HeadTail, HeadTail)).ToArray()
            : Enumerable.Range(0, table.RowCount).ToArray();
        var digits = table.FractionDigits;
        var index = rows.Select(r => table.IndexText(r, digits)).ToList();
        var columns = Enumerable.Range(0, table.Names.Count).Select(c => table.Cells(c, rows).ToList()).ToList();
        if (truncated)
        {
            index.Insert(HeadTail, "...");
            foreach (var c in columns) c.Insert(HeadTail, "...");
        }

        var indexWidth = Math.Max("Epoch".Length, index.Max(s => s.Length));
        var widths = columns.Select((c, i) => Math.Max(table.Names[i].Length, c.Max(s => s.Length))).ToArray();
        var line = new StringBuilder();
        line.Append(' ', indexWidth);
        for (var c = 0; c < widths.Length; c++) line.Append("  ").Append(table.Names[c].PadLeft(widths[c]));
        output.WriteLine(line.ToString());
        output.WriteLine("Epoch");
        for (var r = 0; r < index.Count; r++)
        {
            line.Clear();
            line.Append(index[r].PadRight(indexWidth));
            for (var c = 0; c < widths.Length; c++) line.Append("  ").Append(columns[c][r].PadLeft(widths[c]));
            output.WriteLine(line.ToString());
        }

        if (truncated)
        {
            output.WriteLine();
            output.WriteLine($"[{table.RowCount} rows x {table.Names.Count} columns]");
        }
    }
}
