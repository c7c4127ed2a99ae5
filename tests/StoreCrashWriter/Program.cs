using System.Globalization;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Buckets.Storage;

// Usage: StoreCrashWriter ROOT [CHECKPOINT_MS]
// Writes transactions until killed. Transaction i holds 100 ticks to CRASH/1Sec/TICK (Seq = i*100+k; every fifth
// batch starts 3 s before the previous one, forcing a merge-rewrite) and one bar to CRASH/1Min/OHLCV at slot i % 50
// with Value = i (overwriting earlier bars). After Write returns it prints "ACK i".
var root = args[0];
var checkpointMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30_000;
const long T0 = 1_704_067_200L;
const int Ticks = 100;
var tuning = new StoreTuning { CheckpointInterval = TimeSpan.FromMilliseconds(checkpointMs), CheckpointLogBytes = 256 * 1024 };
using var store = BucketStore.Open(new StoreOptions { Root = root, CommitWindow = TimeSpan.Zero }, null, tuning);
var tickKey = BucketKey.Parse("CRASH/1Sec/TICK");
var barKey = BucketKey.Parse("CRASH/1Min/OHLCV");
var epochs = new long[Ticks];
var nanos = new int[Ticks];
var seq = new long[Ticks];
for (var i = 0; ; i++)
{
    var start = T0 + (i * 2L) - (i % 5 == 4 ? 3 : 0);
    for (var k = 0; k < Ticks; k++)
    {
        epochs[k] = start + (k / 50);
        nanos[k] = k * 1000;
        seq[k] = (i * (long)Ticks) + k;
    }

    store.Write([
        new BucketWrite(tickKey, new ColumnSeries([
            Column.From(ColumnSeries.EpochColumn, ColumnType.I8, epochs),
            Column.From(ColumnSeries.NanosecondsColumn, ColumnType.I4, nanos),
            Column.From("Seq", ColumnType.I8, seq),
        ]), true),
        new BucketWrite(barKey, new ColumnSeries([
            Column.From(ColumnSeries.EpochColumn, ColumnType.I8, new[] { T0 + ((i % 50) * 60L) }),
            Column.From("Value", ColumnType.I8, new[] { (long)i }),
        ]), false),
    ]);
    Console.Out.WriteLine("ACK " + i.ToString(CultureInfo.InvariantCulture));
    Console.Out.Flush();
}
