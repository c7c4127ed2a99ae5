using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// Puts a series in time order (Epoch, then <c>Nanoseconds</c> when present), stably. Everything the store returns is
/// already ordered, so this normally returns its input after one pass; it matters for chained or hand-made input.
/// </summary>
internal static class SeriesOrder
{
    public static ColumnSeries Sorted(ColumnSeries series)
    {
        var epochs = series.Epochs;
        var nanos = Nanoseconds(series);
        var sorted = true;
        for (var i = 1; i < epochs.Length && sorted; i++)
            sorted = epochs[i - 1] < epochs[i] || (epochs[i - 1] == epochs[i] && (nanos.IsEmpty || nanos[i - 1] <= nanos[i]));
        if (sorted) return series;

        var order = new int[epochs.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var e = epochs.ToArray();
        var n = nanos.IsEmpty ? null : nanos.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = e[a].CompareTo(e[b]);
            if (c == 0 && n is not null) c = n[a].CompareTo(n[b]);
            return c != 0 ? c : a.CompareTo(b);
        });

        var columns = new Column[series.Columns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = series.Columns[c];
            var size = column.Type.Size();
            var source = column.Data.Span;
            var bytes = new byte[source.Length];
            for (var row = 0; row < order.Length; row++)
                source.Slice(order[row] * size, size).CopyTo(bytes.AsSpan(row * size, size));
            columns[c] = new Column(column.Name, column.Type, bytes);
        }

        return new ColumnSeries(columns);
    }

    /// <summary>The i4 <c>Nanoseconds</c> column's values, or empty.</summary>
    public static ReadOnlySpan<int> Nanoseconds(ColumnSeries series)
    {
        var column = series.Find(ColumnSeries.NanosecondsColumn);
        return column is { Type: ColumnType.I4 } ? column.Values<int>() : default;
    }
}
