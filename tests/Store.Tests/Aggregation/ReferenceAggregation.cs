using Archiver.Store.Buckets;
using Archiver.Store.Tests.Query;

namespace Archiver.Store.Tests.Aggregation;

/// <summary>
/// A from-scratch OHLCV aggregation written independently of the production code (LINQ over decoded rows), for
/// timeframes that divide a day (windows are multiples of the length from the Unix epoch).
/// </summary>
internal static class ReferenceAggregation
{
    public sealed record Bar(long Epoch, double Open, double High, double Low, double Close, double? Volume);

    /// <summary>The rows of a bucket read back as bars (values widened to double, which is exact for the test data).</summary>
    public static List<Bar> Bars(ColumnSeries series)
    {
        var epochs = series.Epochs.ToArray();
        var open = Doubles(series, "Open");
        var high = Doubles(series, "High");
        var low = Doubles(series, "Low");
        var close = Doubles(series, "Close");
        var volume = series.Find("Volume") is null ? null : Doubles(series, "Volume");
        return epochs.Select((e, i) => new Bar(e, open[i], high[i], low[i], close[i], volume?[i])).ToList();
    }

    public static List<Bar> Aggregate(IEnumerable<Bar> baseBars, long windowSeconds) =>
        baseBars.OrderBy(b => b.Epoch)
            .GroupBy(b => b.Epoch - (((b.Epoch % windowSeconds) + windowSeconds) % windowSeconds))
            .Select(g => new Bar(g.Key, g.First().Open, g.Max(b => b.High), g.Min(b => b.Low), g.Last().Close,
                g.First().Volume is null ? null : g.Sum(b => b.Volume!.Value)))
            .ToList();

    private static double[] Doubles(ColumnSeries series, string name)
    {
        var c = series.Find(name) ?? throw new InvalidOperationException($"no {name} in {series}");
        return c.Type switch
        {
            ColumnType.F4 => c.Values<float>().ToArray().Select(v => (double)v).ToArray(),
            ColumnType.F8 => c.Values<double>().ToArray(),
            ColumnType.I4 => c.Values<int>().ToArray().Select(v => (double)v).ToArray(),
            ColumnType.I8 => c.Values<long>().ToArray().Select(v => (double)v).ToArray(),
            ColumnType.U4 => c.Values<uint>().ToArray().Select(v => (double)v).ToArray(),
            _ => throw new InvalidOperationException($"test reference does not read {c.Type}"),
        };
    }
}
