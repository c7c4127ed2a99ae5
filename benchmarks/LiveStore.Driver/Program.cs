using System.Diagnostics;
using System.Runtime;
using Archiver.Cli.Live;
using Archiver.Feeds.Model;
using Archiver.Store;
using Archiver.Store.Aggregation;
using Archiver.Store.Buckets;
using Microsoft.Extensions.Logging.Abstractions;

// Drives the live store writer the way `archiver run --store` does (per simulated 250 ms flush: ~80 trades and one
// book per symbol), as fast as possible, and prints memory figures every --every flushes.
// Usage: LiveStore.Driver [--flushes 480] [--symbols 300] [--ticks 80] [--every 20] [--root dir] [--aggregate] [--alloc] [--queue N]
// (--alloc: also print the allocated bytes per flush by type, sampled from the runtime's allocation-tick events)
var flushes = 480;
var symbols = 300;
var ticksPerFlush = 80;
var every = 20;
string? root = null;
var aggregate = false;
var liveOptions = new LiveStoreOptions();
LiveStore.Driver.AllocationSampler? sampler = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--flushes": flushes = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--symbols": symbols = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--ticks": ticksPerFlush = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--every": every = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--root": root = args[++i]; break;
        case "--aggregate": aggregate = true; break;
        case "--queue": liveOptions.QueueCapacity = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--alloc": sampler = new LiveStore.Driver.AllocationSampler(); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

root ??= Path.Combine(Path.GetTempPath(), "livestore-driver-" + Guid.NewGuid().ToString("N"));
var options = new StoreOptions { Root = root };
if (aggregate) options.Aggregations.Add(new AggregationRule { On = "*/1Min/OHLCV", Destinations = ["5Min", "15Min", "1H", "1D"] });
using var store = BucketStore.Open(options);
if (aggregate) store.AddObserver(new OnDiskAggregator(options));
var writer = new LiveStoreWriter(liveOptions, NullLogger.Instance);
writer.Attach(store);

var names = new string[symbols];
var exchanges = new ExchangeId[symbols];
var books = new BookSnapshot[symbols];
for (var s = 0; s < symbols; s++)
{
    exchanges[s] = (ExchangeId)(1 + s % 3);
    names[s] = $"S{s:D4}USDT";
    books[s] = new BookSnapshot(exchanges[s], names[s], 20) { BidCount = 20, AskCount = 20 };
}

var random = new Random(7);
var t0 = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
long tradeId = 0;
var process = Process.GetCurrentProcess();
var clock = Stopwatch.StartNew();
long lastAllocated = GC.GetTotalAllocatedBytes(precise: false);
var lastTime = clock.Elapsed;
Console.WriteLine("flush  sec   ws_MB  heap_MB frag_MB commit_MB promo_MB alloc/flush_KB g0  g1  g2  pause%  ticks");
for (var f = 1; f <= flushes; f++)
{
    var baseMicros = t0 + (long)f * 250_000;
    for (var s = 0; s < symbols; s++)
    {
        for (var k = 0; k < ticksPerFlush; k++)
        {
            var t = new Trade
            {
                Exchange = exchanges[s],
                Symbol = names[s],
                ExchangeTimeMicros = baseMicros + k * 3_000 + random.Next(0, 1000),
                ReceiveTimeMicros = baseMicros + k * 3_000 + 1500,
                Price = 100 + s + random.NextDouble(),
                Size = random.NextDouble(),
                Side = (TakerSide)(1 + (k & 1)),
                Id = TradeId.FromNumber(++tradeId),
            };
            writer.OnTrade(in t);
        }

        var b = books[s];
        b.ExchangeTimeMicros = baseMicros + 200_000;
        b.ReceiveTimeMicros = baseMicros + 201_000;
        b.BidPrices[0] = 100 + s + random.NextDouble();
        b.AskPrices[0] = b.BidPrices[0] + 0.01;
        b.BidSizes[0] = random.NextDouble();
        b.AskSizes[0] = random.NextDouble();
        writer.OnBook(b);
    }

    writer.Flush();
    if (f % every == 0)
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        process.Refresh();
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var now = clock.Elapsed;
        Console.WriteLine(
            $"{f,5} {now.TotalSeconds,5:F1} {process.WorkingSet64 / 1048576.0,7:F1} {info.HeapSizeBytes / 1048576.0,8:F1} " +
            $"{info.FragmentedBytes / 1048576.0,7:F1} {info.TotalCommittedBytes / 1048576.0,9:F1} {info.PromotedBytes / 1048576.0,8:F1} " +
            $"{(allocated - lastAllocated) / 1024.0 / every,14:F1} {GC.CollectionCount(0),3} {GC.CollectionCount(1),3} {GC.CollectionCount(2),3} " +
            $"{GC.GetTotalPauseDuration().TotalMilliseconds / now.TotalMilliseconds * 100,6:F2}  {writer.TicksWritten}");
        lastAllocated = allocated;
        lastTime = now;
    }
}

var budget = typeof(BucketStore).Assembly.GetType("Archiver.Store.Buckets.Storage.ColumnHandleBudget");
Console.WriteLine($"cached file handles: {budget?.GetProperty("Used")?.GetValue(null)} of {budget?.GetField("MaxHandles")?.GetValue(null)} (ColumnHandleBudget)");
Console.WriteLine($"failed={writer.FailedFlushes} lost={writer.LostRecords} dropped={writer.Dropped} readbacks={writer.BarReadBacks} gcServer={GCSettings.IsServerGC} latency={GCSettings.LatencyMode}");
sampler?.Print(flushes);
sampler?.Dispose();
await writer.DisposeAsync();
Directory.Delete(root, recursive: true);
return 0;
