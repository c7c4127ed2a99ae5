using System.Text;

namespace Archiver.Cli.Commands;

/// <summary>Plain left-aligned text tables for <c>inspect</c> and <c>load</c>: two-space indent and gutters.</summary>
internal static class TextTable
{
    /// <summary><paramref name="s"/> cut to <paramref name="max"/> characters, the last one an ellipsis.</summary>
    public static string Shorten(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");

    /// <summary>Writes <paramref name="rows"/> (the first is the header) with every column padded to its widest cell.</summary>
    public static void Write(List<string[]> rows, TextWriter output)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        foreach (var row in rows)
        {
            var line = new StringBuilder("  ");
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(row[i].PadRight(widths[i]));
                if (i < row.Length - 1) line.Append("  ");
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}
