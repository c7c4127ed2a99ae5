using System.Globalization;
using Archiver.Store.Buckets;

namespace Archiver.Cli.Commands;

/// <summary>
/// One query slice laid out as text cells: the index (Epoch as a UTC time, with a variable bucket's Nanoseconds folded
/// in) and each remaining column formatted like pandas does (floats with the fewest decimals, at most six, that show
/// every value of the column; NaN as <c>NaN</c>).
/// </summary>
internal sealed class QueryResultTable
{
    private QueryResultTable(IReadOnlyList<string> names, IReadOnlyList<Column> columns, long[] epoch, int[]? nanos)
    {
        Names = names;
        Columns = columns;
        Epoch = epoch;
        Nanos = nanos;
    }

    /// <summary>Column names shown (Epoch and a folded Nanoseconds excluded).</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<Column> Columns { get; }

    public long[] Epoch { get; }

    /// <summary>The sub-second part folded into the index, or null.</summary>
    public int[]? Nanos { get; }

    public int RowCount => Epoch.Length;

    public static QueryResultTable From(ColumnSeries series)
    {
        var epoch = series.Find(ColumnSeries.EpochColumn)?.Values<long>().ToArray() ?? new long[series.RowCount];
        var nanosColumn = series.Find(ColumnSeries.NanosecondsColumn);
        var fold = nanosColumn is { Type: ColumnType.I4 };
        var columns = series.Columns.Where(c => c.Name != ColumnSeries.EpochColumn && !(fold && ReferenceEquals(c, nanosColumn))).ToArray();
        return new QueryResultTable(columns.Select(c => c.Name).ToArray(), columns, epoch, fold ? nanosColumn!.Values<int>().ToArray() : null);
    }

    /// <summary>Fraction digits the index needs: 0, 3, 6 or 9, the fewest that show every row's time exactly.</summary>
    public int FractionDigits
    {
        get
        {
            if (Nanos is null) return 0;
            var digits = 0;
            foreach (var n in Nanos)
            {
                if (n % 1000 != 0) return 9;
                if (n % 1_000_000 != 0) digits = 6;
                else if (n != 0 && digits < 3) digits = 3;
            }

            return digits;
        }
    }

    /// <summary>The index value of <paramref name="row"/>: <c>2024-01-02 03:04:05[.fff…]+00:00</c>.</summary>
    public string IndexText(int row, int fractionDigits) => FormatTime(Epoch[row], Nanos?[row] ?? 0, fractionDigits, ' ', "+00:00");

    /// <summary>ISO-8601 UTC: <c>2024-01-02T03:04:05[.fffffffff]Z</c>.</summary>
    public string IsoText(int row) => FormatTime(Epoch[row], Nanos?[row] ?? 0, Nanos is null ? 0 : 9, 'T', "Z");

    private static string FormatTime(long seconds, int nanos, int digits, char separator, string zone)
    {
        var text = seconds is > -62135596800L and < 253402300800L
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString($"yyyy-MM-dd'{separator}'HH:mm:ss", CultureInfo.InvariantCulture)
            : seconds.ToString(CultureInfo.InvariantCulture);
        if (digits > 0) text += "." + nanos.ToString("D9", CultureInfo.InvariantCulture)[..digits];
        return text + zone;
    }

    /// <summary>The cells of column <paramref name="column"/> for <paramref name="rows"/>, formatted consistently across those rows.</summary>
    public string[] Cells(int column, IReadOnlyList<int> rows)
    {
        var c = Columns[column];
        var cells = new string[rows.Count];
        switch (c.Type)
        {
            case ColumnType.F4:
            case ColumnType.F8:
            {
                var values = rows.Select(r => c.Type == ColumnType.F8 ? c.Values<double>()[r] : c.Values<float>()[r]).ToArray();
                var decimals = 1;
                foreach (var v in values)
                {
                    if (!double.IsFinite(v)) continue;
                    var s = v.ToString("F6", CultureInfo.InvariantCulture);
                    var trimmed = s.TrimEnd('0');
                    decimals = Math.Max(decimals, trimmed.Length - trimmed.IndexOf('.', StringComparison.Ordinal) - 1);
                }

                for (var i = 0; i < values.Length; i++)
                {
                    cells[i] = double.IsNaN(values[i]) ? "NaN"
                        : double.IsPositiveInfinity(values[i]) ? "inf"
                        : double.IsNegativeInfinity(values[i]) ? "-inf"
                        : values[i].ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                }

                break;
            }

            default:
                for (var i = 0; i < rows.Count; i++) cells[i] = Value(c, rows[i]);
                break;
        }

        return cells;
    }

    /// <summary>A value as CSV text (invariant culture, floats round-trip).</summary>
    public static string Value(Column c, int row) => c.Type switch
    {
        ColumnType.I1 => c.Values<sbyte>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.I2 => c.Values<short>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.I4 => c.Values<int>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.I8 => c.Values<long>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.U1 => c.Values<byte>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.U2 => c.Values<ushort>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.U4 => c.Values<uint>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.U8 => c.Values<ulong>()[row].ToString(CultureInfo.InvariantCulture),
        ColumnType.F4 => c.Values<float>()[row].ToString("R", CultureInfo.InvariantCulture),
        ColumnType.F8 => c.Values<double>()[row].ToString("R", CultureInfo.InvariantCulture),
        _ => c.StringAt(row),
    };
}
