using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// <c>vwap('&lt;tf&gt;', Price, Size)</c>, an extension (not in MarketStore): per non-empty candle of the timeframe,
/// <c>Epoch i8</c> (candle start), <c>VWAP f8</c> = Σ price·size / Σ size, <c>Volume f8</c> = Σ size. Prices and sizes
/// are read as float64. A candle whose sizes sum to 0 has a NaN VWAP. Zero input rows give zero rows.
/// </summary>
public sealed class VwapFunction : IQueryFunction
{
    private static readonly FunctionSignature Inputs = new(["Price", "Size"], []);

    public string Name => "vwap";

    public FunctionSignature Signature => Inputs;

    public void ValidateLiterals(IReadOnlyList<string> literals) => _ = ParseTimeframe(literals);

    public ColumnSeries Apply(ColumnSeries input, FunctionArguments arguments)
    {
        var timeframe = ParseTimeframe(arguments.Literals);
        var series = SeriesOrder.Sorted(input);
        var rows = series.RowCount;
        using var prices = new RentedBuffer<double>(rows);
        using var sizes = new RentedBuffer<double>(rows);
        ReadInput(series, arguments.Inputs["Price"], prices.Span);
        ReadInput(series, arguments.Inputs["Size"], sizes.Span);

        using var groups = new CandleGroups(series.Epochs, timeframe);
        var n = groups.Count;
        var epochs = OutputColumns.Allocate<long>(n, out var epochBytes);
        var vwap = OutputColumns.Allocate<double>(n, out var vwapBytes);
        var volume = OutputColumns.Allocate<double>(n, out var volumeBytes);
        groups.Epochs.CopyTo(epochs);
        var starts = groups.Starts;
        for (var g = 0; g < n; g++)
        {
            double notional = 0, size = 0;
            for (var i = starts[g]; i < starts[g + 1]; i++)
            {
                notional += prices.Span[i] * sizes.Span[i];
                size += sizes.Span[i];
            }

            vwap[g] = size == 0 ? double.NaN : notional / size;
            volume[g] = size;
        }

        return new ColumnSeries(
        [
            new Column(ColumnSeries.EpochColumn, ColumnType.I8, epochBytes),
            new Column("VWAP", ColumnType.F8, vwapBytes),
            new Column("Volume", ColumnType.F8, volumeBytes),
        ]);
    }

    private void ReadInput(ColumnSeries series, IReadOnlyList<string> names, Span<double> destination)
    {
        if (names.Count != 1) throw new StoreException($"{Name}: bind Price and Size to one column each");
        NumericColumns.ToDouble(NumericColumns.Require(series, Name, names[0]), destination);
    }

    private Timeframe ParseTimeframe(IReadOnlyList<string> literals)
    {
        if (literals.Count == 0) throw new StoreException($"{Name}: needs a timeframe literal, e.g. vwap('1Min', Price, Size)");
        return Timeframe.ParseQuery(literals[0]);
    }
}
