using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>The one-row outputs of count, avg, min and max: <c>Epoch</c> = the query's "now", then one value.</summary>
internal static class ScalarOutput
{
    public static ColumnSeries Create<T>(long nowSeconds, string name, ColumnType type, T value) where T : unmanaged
    {
        var epoch = OutputColumns.Allocate<long>(1, out var epochBytes);
        epoch[0] = nowSeconds;
        var values = OutputColumns.Allocate<T>(1, out var valueBytes);
        values[0] = value;
        return new ColumnSeries([new Column(ColumnSeries.EpochColumn, ColumnType.I8, epochBytes), new Column(name, type, valueBytes)]);
    }
}
