using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// <c>gap('&lt;tf&gt;')</c> or <c>gap()</c>: the gaps between consecutive Epochs (seconds) as rows <c>Epoch i8</c> (the
/// earlier time), <c>End i8</c> (the later time), <c>Length i8</c> (seconds). With a timeframe, every difference
/// strictly greater than it; without one, every difference whose z-score over all differences is above 3 (sample
/// standard deviation; a deviation of 0, or a single difference, counts as 1). Fewer than two rows give no rows.
/// </summary>
public sealed class GapFunction : IQueryFunction
{
    private static readonly FunctionSignature Inputs = new([], []);

    public string Name => "gap";

    public FunctionSignature Signature => Inputs;

    public void ValidateLiterals(IReadOnlyList<string> literals)
    {
        if (literals.Count > 0) _ = Timeframe.ParseQuery(literals[0]);
    }

    public ColumnSeries Apply(ColumnSeries input, FunctionArguments arguments)
    {
        var series = SeriesOrder.Sorted(input);
        var epochs = series.Epochs;
        var pairs = Math.Max(epochs.Length - 1, 0);
        double threshold;
        if (arguments.Literals.Count > 0)
        {
            threshold = Timeframe.ParseQuery(arguments.Literals[0]).Seconds;
        }
        else
        {
            var mean = 0.0;
            for (var i = 0; i < pairs; i++) mean += epochs[i + 1] - epochs[i];
            mean = pairs == 0 ? 0 : mean / pairs;
            var squares = 0.0;
            for (var i = 0; i < pairs; i++)
            {
                var d = epochs[i + 1] - epochs[i] - mean;
                squares += d * d;
            }

            var std = pairs < 2 ? 0 : Math.Sqrt(squares / (pairs - 1));
            if (std == 0) std = 1;
            threshold = mean + (3 * std);
        }

        var count = 0;
        for (var i = 0; i < pairs; i++)
        {
            if (epochs[i + 1] - epochs[i] > threshold) count++;
        }

        var start = OutputColumns.Allocate<long>(count, out var startBytes);
        var end = OutputColumns.Allocate<long>(count, out var endBytes);
        var length = OutputColumns.Allocate<long>(count, out var lengthBytes);
        var row = 0;
        for (var i = 0; i < pairs; i++)
        {
            var diff = epochs[i + 1] - epochs[i];
            if (diff <= threshold) continue;
            start[row] = epochs[i];
            end[row] = epochs[i + 1];
            length[row] = diff;
            row++;
        }

        return new ColumnSeries(
        [
            new Column(ColumnSeries.EpochColumn, ColumnType.I8, startBytes),
            new Column("End", ColumnType.I8, endBytes),
            new Column("Length", ColumnType.I8, lengthBytes),
        ]);
    }
}
