using Archiver.Store.Buckets;
using Archiver.Store.Query.Functions;

namespace Archiver.Store.Aggregation;

/// <summary>
/// MarketStore's <c>ondiskagg</c> trigger, run synchronously: after each committed write to a bucket matching a rule's
/// <see cref="AggregationRule.On"/> pattern, every window of each destination timeframe touched by the written span
/// [<see cref="BucketWriteNotice.First"/>, <see cref="BucketWriteNotice.Last"/>] is recomputed from the base bucket and
/// written (one fixed write per destination, all in one transaction) to <c>SYM/&lt;destination&gt;/ATTR</c>
/// (<c>TRADE</c> becomes <c>OHLCV</c>) before the base write returns. Partial windows are written as they are and
/// replaced by every later write that touches them, so derived buckets always equal an aggregation of the base.
/// </summary>
/// <remarks>
/// Only destinations longer than the base timeframe are computed, so rules that match derived buckets (chains such as
/// 1Min → 5Min → 1H, or <c>*/*/OHLCV</c>) always end. Within one chain a derived bucket is recomputed once, from the
/// finest base (a window of a window gives the same OHLCV), so a rule matching its own output costs no extra work; a
/// nesting guard refuses chains deeper than <see cref="MaxChainDepth"/> anyway. Recomputations are serialised, so two writers cannot leave a window holding the
/// older of two results. Deleting base rows never shrinks an aggregate (as in MarketStore).
/// A transaction that wrote many base buckets (the live writer's flush of every symbol's bars) gets one transaction of
/// derived writes, not one per bucket; if that combined write fails, each base bucket's derived writes are retried on
/// their own, so one bad bucket costs only its own aggregates.
/// </remarks>
public sealed class OnDiskAggregator : IBucketWriteBatchObserver
{
    /// <summary>Deepest allowed chain of aggregations triggered by aggregations.</summary>
    public const int MaxChainDepth = 16;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Derived buckets already recomputed in the current chain (cleared when the outermost call returns).</summary>
    [ThreadStatic]
    private static HashSet<BucketKey>? t_computed;

    private readonly (AggregationKeyPattern Pattern, Timeframe[] Destinations)[] _rules;
    private readonly Lock _gate = new();

    public OnDiskAggregator(IEnumerable<AggregationRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules.Select(r => (AggregationKeyPattern.Parse(r.On), ParseDestinations(r))).ToArray();
    }

    public OnDiskAggregator(StoreOptions options) : this((options ?? throw new ArgumentNullException(nameof(options))).Aggregations) { }

    /// <summary>Whether any rule applies to <paramref name="key"/>.</summary>
    public bool Matches(BucketKey key) => Destinations(key).Count > 0;

    public void OnWritten(IBucketStore store, BucketWriteNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        OnWritten(store, [notice]);
    }

    public void OnWritten(IBucketStore store, IReadOnlyList<BucketWriteNotice> notices)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(notices);
        var computed = t_computed ??= [];
        if (t_depth >= MaxChainDepth && notices.Any(n => n.Rows > 0 && Destinations(n.Bucket.Key).Any(d => !computed.Contains(DerivedKey(n.Bucket.Key, d)))))
            throw new StoreException($"on-disk aggregation of {notices[0].Bucket.Key}: rules chain more than {MaxChainDepth} levels deep");

        t_depth++;
        try
        {
            lock (_gate)
            {
                // One base bucket's derived writes per group; a derived key already in the batch starts a new batch so
                // one transaction never writes a bucket twice.
                StoreException? failure = null;
                var groups = new List<IReadOnlyList<BucketWrite>>();
                var batchKeys = new HashSet<BucketKey>();
                var batches = new List<List<IReadOnlyList<BucketWrite>>> { groups };
                foreach (var notice in notices)
                {
                    if (notice.Rows == 0) continue;
                    var destinations = Destinations(notice.Bucket.Key);
                    destinations.RemoveAll(d => computed.Contains(DerivedKey(notice.Bucket.Key, d)));
                    if (destinations.Count == 0) continue;
                    IReadOnlyList<BucketWrite> writes;
                    try
                    {
                        writes = Compute(store, notice, destinations);
                    }
                    catch (StoreException e)
                    {
                        failure ??= e;
                        continue;
                    }

                    if (writes.Count == 0) continue;
                    if (writes.Any(w => batchKeys.Contains(w.Key)))
                    {
                        groups = [];
                        batches.Add(groups);
                        batchKeys.Clear();
                    }

                    foreach (var w in writes) batchKeys.Add(w.Key);
                    groups.Add(writes);
                }

                foreach (var batch in batches)
                {
                    foreach (var writes in batch)
                    {
                        foreach (var w in writes) computed.Add(w.Key);
                    }

                    try
                    {
                        Write(store, batch);
                    }
                    catch (StoreException e)
                    {
                        failure ??= e;
                    }
                }

                // A base bucket whose windows could not be read costs only its own aggregates; the others are written.
                if (failure is not null) throw failure;
            }
        }
        finally
        {
            if (--t_depth == 0) computed.Clear();
        }
    }

    /// <summary>Writes every group's derived writes in one transaction; if that fails, each group on its own (the first failure rethrown after all were tried).</summary>
    private static void Write(IBucketStore store, List<IReadOnlyList<BucketWrite>> groups)
    {
        if (groups.Count == 0) return;
        if (groups.Count == 1)
        {
            store.Write(groups[0]);
            return;
        }

        var all = new List<BucketWrite>();
        foreach (var g in groups) all.AddRange(g);
        try
        {
            store.Write(all);
            return;
        }
        catch (StoreException)
        {
            // One bad derived bucket refuses the whole transaction: retry bucket by bucket below.
        }

        Exception? first = null;
        foreach (var g in groups)
        {
            try
            {
                store.Write(g);
            }
            catch (StoreException e)
            {
                first ??= e;
            }
        }

        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    /// <summary>The derived key for a base key and a destination: same symbol, the destination, TRADE → OHLCV.</summary>
    public static BucketKey DerivedKey(BucketKey baseKey, Timeframe destination)
    {
        ArgumentNullException.ThrowIfNull(baseKey);
        return new BucketKey(baseKey.Symbol, destination.Name, baseKey.AttributeGroup == "TRADE" ? "OHLCV" : baseKey.AttributeGroup);
    }

    private static IReadOnlyList<BucketWrite> Compute(IBucketStore store, BucketWriteNotice notice, List<Timeframe> destinations)
    {
        var bucket = notice.Bucket;
        var columns = OhlcvWindows.InputColumns(bucket);

        // Each destination's windows touched by the write: [start of the window holding First, end of the one holding Last].
        var ranges = new (long From, long To)[destinations.Count];
        for (var i = 0; i < destinations.Count; i++)
        {
            var d = destinations[i];
            ranges[i] = (d.CandleStart(notice.First.Seconds), CandleGroups.NextStart(d, d.CandleStart(notice.Last.Seconds)));
        }

        var series = store.Read(bucket.Key, new ReadRequest
        {
            Start = new StoreTime(ranges.Min(r => r.From), 0),
            End = new StoreTime(ranges.Max(r => r.To) - 1, 999_999_999),
            Columns = columns,
        });
        series = SeriesOrder.Sorted(series);
        var epochs = series.Epochs;

        var writes = new List<BucketWrite>(destinations.Count);
        for (var i = 0; i < destinations.Count; i++)
        {
            var first = LowerBound(epochs, ranges[i].From);
            var end = LowerBound(epochs, ranges[i].To);
            if (end <= first) continue;
            var windows = OhlcvWindows.Aggregate(series.Slice(first, end - first), destinations[i]);
            writes.Add(new BucketWrite(DerivedKey(bucket.Key, destinations[i]), windows, IsVariableLength: false));
        }

        return writes;
    }

    private List<Timeframe> Destinations(BucketKey key)
    {
        var result = new List<Timeframe>();
        foreach (var (pattern, destinations) in _rules)
        {
            if (!pattern.Matches(key)) continue;
            foreach (var d in destinations)
            {
                // Only coarser timeframes: keeps chains finite and never writes a bucket onto itself.
                if (d.Seconds > key.Timeframe.Seconds && !result.Any(r => r.Name == d.Name)) result.Add(d);
            }
        }

        return result;
    }

    private static int LowerBound(ReadOnlySpan<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private static Timeframe[] ParseDestinations(AggregationRule rule)
    {
        if (rule.Destinations is not { Count: > 0 })
            throw new StoreException($"aggregation rule '{rule.On}' has no destinations (e.g. 5Min, 15Min, 1H, 1D)");
        return rule.Destinations.Select(d =>
            Timeframe.TryParseBucket(d, out var tf) && Timeframe.TryParseQuery(d, out _)
                ? tf
                : throw new StoreException($"aggregation rule '{rule.On}': destination '{d}' is not a timeframe (e.g. 5Min, 15Min, 1H, 1D)")).ToArray();
    }
}
