using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Archiver.Store.Tests.Interop;

/// <summary>
/// The rows a Node.js reader printed, in file order.
/// </summary>
/// <remarks>
/// Values are kept as <see cref="JsonElement"/> (cloned, independent of any document) in the shared
/// representation of tests/interop/interop-common.mjs:
/// null → JSON null; boolean → JSON true/false; every integer (any width, incl. uint64) → decimal
/// string; FLOAT/DOUBLE → JS String(x) ("NaN", "Infinity", "-Infinity", "-0"; parse with
/// double.Parse and compare bits, JS and .NET format differently); TIMESTAMP → decimal string in the
/// column's <see cref="InteropColumn.Unit"/>; DATE → days since epoch (string); string/enum →
/// string; binary → "0x" + lowercase hex; UUID → canonical lowercase text; DECIMAL → exact decimal
/// text ("-1.50"); LIST → array; STRUCT → object; MAP → array of [key, value].
/// <see cref="Text(int, int)"/> flattens a value to <c>string?</c> for simple comparisons.
/// </remarks>
public sealed class InteropTable
{
    private InteropTable(IReadOnlyList<InteropColumn> columns, IReadOnlyList<IReadOnlyList<JsonElement>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<InteropColumn> Columns { get; }

    /// <summary>Rows in file order; each row has one value per column.</summary>
    public IReadOnlyList<IReadOnlyList<JsonElement>> Rows { get; }

    public int RowCount => Rows.Count;

    /// <summary>Index of the column with this exact name; throws when there is none.</summary>
    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"No column '{name}' in [{string.Join(", ", Columns.Select(c => c.Name))}]");
    }

    /// <summary>
    /// A value as text: null for JSON null, the string for strings, "true"/"false" for booleans,
    /// the raw JSON text for arrays and objects.
    /// </summary>
    public string? Text(int row, int column) => ToText(Rows[row][column]);

    /// <summary>All values of a column as text (see <see cref="Text(int, int)"/>).</summary>
    public IReadOnlyList<string?> ColumnText(string name)
    {
        var c = ColumnIndex(name);
        return Rows.Select(r => ToText(r[c])).ToArray();
    }

    /// <summary>Parses a reader's JSON output.</summary>
    public static InteropTable Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var columns = root.GetProperty("columns").EnumerateArray()
            .Select(c => new InteropColumn(
                c.GetProperty("name").GetString()!,
                c.GetProperty("type").GetString()!,
                c.TryGetProperty("unit", out var u) ? u.GetString() : null))
            .ToArray();
        var rows = root.GetProperty("rows").EnumerateArray()
            .Select(r => (IReadOnlyList<JsonElement>)r.EnumerateArray().Select(v => v.Clone()).ToArray())
            .ToArray();
        return new InteropTable(columns, rows);
    }

    private static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
