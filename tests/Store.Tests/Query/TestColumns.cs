using Archiver.Store.Buckets;

namespace Archiver.Store.Tests.Query;

/// <summary>Short ways to build columns, series and writes in tests.</summary>
internal static class TestColumns
{
    public static Column Epoch(params long[] values) => Column.From(ColumnSeries.EpochColumn, ColumnType.I8, values);

    public static Column Nanos(params int[] values) => Column.From(ColumnSeries.NanosecondsColumn, ColumnType.I4, values);

    public static Column F4(string name, params float[] values) => Column.From(name, ColumnType.F4, values);

    public static Column F8(string name, params double[] values) => Column.From(name, ColumnType.F8, values);

    public static Column I8(string name, params long[] values) => Column.From(name, ColumnType.I8, values);

    public static Column I4(string name, params int[] values) => Column.From(name, ColumnType.I4, values);

    public static ColumnSeries Series(params Column[] columns) => new(columns);

    public static BucketWrite Fixed(string key, params Column[] columns) => new(BucketKey.Parse(key), new ColumnSeries(columns), false);

    public static BucketWrite Variable(string key, params Column[] columns) => new(BucketKey.Parse(key), new ColumnSeries(columns), true);

    public static float[] F4Values(this ColumnSeries series, string name) =>
        (series.Find(name) ?? throw new InvalidOperationException($"no column {name} in {series}")).Values<float>().ToArray();

    public static double[] F8Values(this ColumnSeries series, string name) =>
        (series.Find(name) ?? throw new InvalidOperationException($"no column {name} in {series}")).Values<double>().ToArray();

    public static long[] I8Values(this ColumnSeries series, string name) =>
        (series.Find(name) ?? throw new InvalidOperationException($"no column {name} in {series}")).Values<long>().ToArray();

    public static string[] Names(this ColumnSeries series) => series.Columns.Select(c => c.Name).ToArray();

    public static string[] Types(this ColumnSeries series) => series.Columns.Select(c => c.Type.ToTypeString()).ToArray();
}
