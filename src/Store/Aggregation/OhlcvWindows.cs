using System.Numerics;
using Archiver.Store.Buckets;
using Archiver.Store.Query.Functions;

namespace Archiver.Store.Aggregation;

/// <summary>
/// Aggregates OHLC(V) rows into windows of a timeframe for on-disk aggregation: Epoch = window start, Open = first,
/// High = max, Low = min, Close = last, Volume = sum (when the input has a numeric Volume column). Every output column
/// keeps its input type; float sums run in float64 and integer sums wrap like the type does.
/// </summary>
public static class OhlcvWindows
{
    public const string Open = "Open";
    public const string High = "High";
    public const string Low = "Low";
    public const string Close = "Close";
    public const string Volume = "Volume";

    /// <summary>The columns aggregation reads from a base bucket, or a one-line error naming what is missing.</summary>
    public static IReadOnlyList<string> InputColumns(BucketInfo bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var columns = new List<string>(5);
        foreach (var name in new[] { Open, High, Low, Close })
        {
            var spec = bucket.Elements.FirstOrDefault(e => e.Name == name);
            if (spec is null || !spec.Type.IsNumeric())
                throw new StoreException($"on-disk aggregation of {bucket.Key}: needs numeric Open, High, Low and Close columns, {(spec is null ? "has no" : "has a non-numeric")} {name} column");
            columns.Add(name);
        }

        if (bucket.Elements.Any(e => e.Name == Volume && e.Type.IsNumeric())) columns.Add(Volume);
        return columns;
    }

    /// <summary>Aggregates <paramref name="series"/> (time-ordered, with Open, High, Low, Close and maybe Volume) into windows of <paramref name="timeframe"/>.</summary>
    public static ColumnSeries Aggregate(ColumnSeries series, Timeframe timeframe)
    {
        ArgumentNullException.ThrowIfNull(series);
        using var groups = new CandleGroups(series.Epochs, timeframe);
        var epochs = OutputColumns.Allocate<long>(groups.Count, out var epochBytes);
        groups.Epochs.CopyTo(epochs);
        var columns = new List<Column>(6) { new(ColumnSeries.EpochColumn, ColumnType.I8, epochBytes) };
        columns.Add(Reduce(Require(series, Open), groups, Reduction.First));
        columns.Add(Reduce(Require(series, High), groups, Reduction.Max));
        columns.Add(Reduce(Require(series, Low), groups, Reduction.Min));
        columns.Add(Reduce(Require(series, Close), groups, Reduction.Last));
        var volume = series.Find(Volume);
        if (volume is not null && volume.Type.IsNumeric()) columns.Add(Reduce(volume, groups, Reduction.Sum));
        return new ColumnSeries(columns);
    }

    private static Column Require(ColumnSeries series, string name) =>
        series.Find(name) ?? throw new StoreException($"on-disk aggregation: the base rows have no {name} column");

    private enum Reduction
    {
        First,
        Max,
        Min,
        Last,
        Sum,
    }

    private static Column Reduce(Column column, CandleGroups groups, Reduction reduction) => column.Type switch
    {
        ColumnType.F4 => Reduce<float>(column, groups, reduction),
        ColumnType.F8 => Reduce<double>(column, groups, reduction),
        ColumnType.I1 => Reduce<sbyte>(column, groups, reduction),
        ColumnType.I2 => Reduce<short>(column, groups, reduction),
        ColumnType.I4 => Reduce<int>(column, groups, reduction),
        ColumnType.I8 => Reduce<long>(column, groups, reduction),
        ColumnType.U1 => Reduce<byte>(column, groups, reduction),
        ColumnType.U2 => Reduce<ushort>(column, groups, reduction),
        ColumnType.U4 => Reduce<uint>(column, groups, reduction),
        ColumnType.U8 => Reduce<ulong>(column, groups, reduction),
        _ => throw new StoreException($"on-disk aggregation: column {column.Name} is {column.Type.ToTypeString()}, not a number"),
    };

    private static Column Reduce<T>(Column column, CandleGroups groups, Reduction reduction) where T : unmanaged, INumber<T>
    {
        var values = column.Values<T>();
        var starts = groups.Starts;
        var output = OutputColumns.Allocate<T>(groups.Count, out var bytes);
        for (var g = 0; g < groups.Count; g++)
        {
            var window = values[starts[g]..starts[g + 1]];
            output[g] = reduction switch
            {
                Reduction.First => window[0],
                Reduction.Last => window[^1],
                Reduction.Max => Max(window),
                Reduction.Min => Min(window),
                _ => Sum(window),
            };
        }

        return new Column(column.Name, column.Type, bytes);
    }

    private static T Max<T>(ReadOnlySpan<T> window) where T : unmanaged, INumber<T>
    {
        var max = window[0];
        foreach (var v in window[1..])
        {
            if (v > max) max = v;
        }

        return max;
    }

    private static T Min<T>(ReadOnlySpan<T> window) where T : unmanaged, INumber<T>
    {
        var min = window[0];
        foreach (var v in window[1..])
        {
            if (v < min) min = v;
        }

        return min;
    }

    private static T Sum<T>(ReadOnlySpan<T> window) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            var total = 0.0;
            foreach (var v in window) total += double.CreateTruncating(v);
            return T.CreateTruncating(total);
        }

        var sum = T.Zero;
        foreach (var v in window) sum = unchecked(sum + v);
        return sum;
    }
}
