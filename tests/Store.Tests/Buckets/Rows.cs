using Archiver.Store.Buckets;

namespace Archiver.Store.Tests.Buckets;

/// <summary>Builds write payloads and reads results back as plain arrays.</summary>
public static class Rows
{
    /// <summary>2024-01-01T00:00:00Z.</summary>
    public const long T2024 = 1_704_067_200L;

    public static Column Epoch(params long[] epochs) => Column.From(ColumnSeries.EpochColumn, ColumnType.I8, epochs);

    public static Column F4(string name, params float[] values) => Column.From(name, ColumnType.F4, values);

    public static Column F8(string name, params double[] values) => Column.From(name, ColumnType.F8, values);

    public static Column I8(string name, params long[] values) => Column.From(name, ColumnType.I8, values);

    public static Column I4(string name, params int[] values) => Column.From(name, ColumnType.I4, values);

    public static Column Nanos(params int[] values) => Column.From(ColumnSeries.NanosecondsColumn, ColumnType.I4, values);

    public static ColumnSeries Series(params Column[] columns) => new(columns);

    public static BucketWrite Fixed(string key, params Column[] columns) => new(BucketKey.Parse(key), new ColumnSeries(columns), false);

    public static BucketWrite Ticks(string key, params Column[] columns) => new(BucketKey.Parse(key), new ColumnSeries(columns), true);

    public static void Write(this IBucketStore store, params BucketWrite[] writes) => store.Write(writes);

    public static ColumnSeries ReadAll(this IBucketStore store, string key) => store.Read(BucketKey.Parse(key), ReadRequest.All);

    public static ColumnSeries Read(this IBucketStore store, string key, ReadRequest request) => store.Read(BucketKey.Parse(key), request);

    public static long[] Epochs(this ColumnSeries s) => s.Find(ColumnSeries.EpochColumn)!.Values<long>().ToArray();

    public static int[] NanosOf(this ColumnSeries s) => s.Find(ColumnSeries.NanosecondsColumn)!.Values<int>().ToArray();

    public static T[] Values<T>(this ColumnSeries s, string name) where T : unmanaged => s.Find(name)!.Values<T>().ToArray();

    public static string[] Names(this ColumnSeries s) => s.Columns.Select(c => c.Name).ToArray();

    public static StoreTime At(long seconds, int nanos = 0) => new(seconds, nanos);
}
