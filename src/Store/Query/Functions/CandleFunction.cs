using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// What candlecandler and tickcandler share: the timeframe literal, grouping rows into candles and the output
/// <c>Epoch i8, Open f4, High f4, Low f4, Close f4</c>, then <c>X_SUM f8</c> per <c>Sum::X</c> and <c>X_AVG f8</c> per
/// <c>Avg::X</c>. Open is the earliest row's, Close the latest's, High the largest, Low the smallest. Zero input rows
/// fail the query with MarketStore's <c>empty input to Accum</c>.
/// </summary>
public abstract class CandleFunction : IQueryFunction
{
    public const string SumInput = "Sum";
    public const string AvgInput = "Avg";

    public abstract string Name { get; }

    public abstract FunctionSignature Signature { get; }

    public void ValidateLiterals(IReadOnlyList<string> literals) => _ = ParseTimeframe(literals);

    public ColumnSeries Apply(ColumnSeries input, FunctionArguments arguments)
    {
        var timeframe = ParseTimeframe(arguments.Literals);
        if (input.RowCount == 0) throw new StoreException("empty input to Accum");
        var series = SeriesOrder.Sorted(input);
        var rows = series.RowCount;
        var sums = arguments.Inputs[SumInput];
        var avgs = arguments.Inputs[AvgInput];

        using var groups = new CandleGroups(series.Epochs, timeframe);
        var n = groups.Count;
        var columns = new List<Column>(5 + sums.Count + avgs.Count);
        var epochs = OutputColumns.Allocate<long>(n, out var epochBytes);
        groups.Epochs.CopyTo(epochs);
        columns.Add(new Column(ColumnSeries.EpochColumn, ColumnType.I8, epochBytes));

        var open = OutputColumns.Allocate<float>(n, out var openBytes);
        var high = OutputColumns.Allocate<float>(n, out var highBytes);
        var low = OutputColumns.Allocate<float>(n, out var lowBytes);
        var close = OutputColumns.Allocate<float>(n, out var closeBytes);
        using (var scratch = new RentedBuffer<float>(rows))
        {
            var starts = groups.Starts;
            var prices = scratch.Span;
            ReadOpen(series, arguments.Inputs, prices);
            for (var g = 0; g < n; g++) open[g] = prices[starts[g]];
            if (!UsesOnePrice) ReadClose(series, arguments.Inputs, prices);
            for (var g = 0; g < n; g++) close[g] = prices[starts[g + 1] - 1];
            if (!UsesOnePrice) ReadHigh(series, arguments.Inputs, prices);
            for (var g = 0; g < n; g++) high[g] = Max(prices[starts[g]..starts[g + 1]]);
            if (!UsesOnePrice) ReadLow(series, arguments.Inputs, prices);
            for (var g = 0; g < n; g++) low[g] = Min(prices[starts[g]..starts[g + 1]]);
        }

        columns.Add(new Column("Open", ColumnType.F4, openBytes));
        columns.Add(new Column("High", ColumnType.F4, highBytes));
        columns.Add(new Column("Low", ColumnType.F4, lowBytes));
        columns.Add(new Column("Close", ColumnType.F4, closeBytes));

        using (var values = new RentedBuffer<double>(rows))
        {
            foreach (var name in sums) columns.Add(Summarise(series, groups, name, "_SUM", average: false, values.Span));
            foreach (var name in avgs) columns.Add(Summarise(series, groups, name, "_AVG", average: true, values.Span));
        }

        return new ColumnSeries(columns);
    }

    /// <summary>Whether Open, High, Low and Close are the same per-row price (read once, by <see cref="ReadOpen"/>).</summary>
    protected virtual bool UsesOnePrice => false;

    /// <summary>Reads the per-row Open prices into <paramref name="destination"/> (one value per input row).</summary>
    protected abstract void ReadOpen(ColumnSeries series, FunctionInputs inputs, Span<float> destination);

    protected abstract void ReadHigh(ColumnSeries series, FunctionInputs inputs, Span<float> destination);

    protected abstract void ReadLow(ColumnSeries series, FunctionInputs inputs, Span<float> destination);

    protected abstract void ReadClose(ColumnSeries series, FunctionInputs inputs, Span<float> destination);

    private Timeframe ParseTimeframe(IReadOnlyList<string> literals)
    {
        if (literals.Count == 0) throw new StoreException($"{Name}: needs a timeframe literal, e.g. {Name}('5Min', ...)");
        return Timeframe.ParseQuery(literals[0]);
    }

    private Column Summarise(ColumnSeries series, CandleGroups groups, string name, string suffix, bool average, Span<double> values)
    {
        NumericColumns.ToDouble(NumericColumns.Require(series, Name, name), values);
        var output = OutputColumns.Allocate<double>(groups.Count, out var bytes);
        var starts = groups.Starts;
        for (var g = 0; g < groups.Count; g++)
        {
            var sum = 0.0;
            foreach (var v in values[starts[g]..starts[g + 1]]) sum += v;
            output[g] = average ? sum / (starts[g + 1] - starts[g]) : sum;
        }

        return new Column(name + suffix, ColumnType.F8, bytes);
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = values[0];
        foreach (var v in values[1..])
        {
            if (v > max) max = v;
        }

        return max;
    }

    private static float Min(ReadOnlySpan<float> values)
    {
        var min = values[0];
        foreach (var v in values[1..])
        {
            if (v < min) min = v;
        }

        return min;
    }
}
