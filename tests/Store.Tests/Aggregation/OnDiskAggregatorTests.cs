using Archiver.Store.Tests.TestSupport;
using Archiver.Store.Aggregation;
using Archiver.Store.Buckets;
using Archiver.Store.Tests.Query;
using static Archiver.Store.Tests.Query.TestColumns;

namespace Archiver.Store.Tests.Aggregation;

public sealed class OnDiskAggregatorTests : IDisposable
{
    private const long T0 = 1_704_067_200; // 2024-01-01 00:00:00 UTC
    private readonly DiskBucketStore _store = new();

    public void Dispose() => _store.Dispose();

    private void Configure(params AggregationRule[] rules) => _store.AddObserver(new OnDiskAggregator(rules));

    private static AggregationRule Rule(string on, params string[] destinations) => new() { On = on, Destinations = [.. destinations] };

    private static BucketWrite Bars(string key, long[] epochs, float[] open, float[] high, float[] low, float[] close, double[]? volume = null)
    {
        var columns = new List<Column> { Epoch(epochs), F4("Open", open), F4("High", high), F4("Low", low), F4("Close", close) };
        if (volume is not null) columns.Add(F8("Volume", volume));
        return new BucketWrite(BucketKey.Parse(key), new ColumnSeries(columns), false);
    }

    private List<ReferenceAggregation.Bar> Read(string key) =>
        ReferenceAggregation.Bars(_store.Read(BucketKey.Parse(key), ReadRequest.All));

    private void AssertDerivedEqualsFromScratch(string baseKey, string derivedKey, long windowSeconds)
    {
        var expected = ReferenceAggregation.Aggregate(Read(baseKey), windowSeconds);
        Assert.Equal(expected, Read(derivedKey));
    }

    [Fact]
    public void Write_to_a_matching_base_bucket_fills_every_destination_before_it_returns()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min", "15Min", "1H"));
        var epochs = Enumerable.Range(0, 20).Select(i => T0 + (i * 60L)).ToArray();
        var p = Enumerable.Range(0, 20).Select(i => (float)(100 + i)).ToArray();
        _store.Write([Bars("BTC/1Min/OHLCV", epochs, p, p.Select(v => v + 1).ToArray(), p.Select(v => v - 1).ToArray(), p.Select(v => v + 0.5f).ToArray(), p.Select(v => 2.0).ToArray())]);

        var five = _store.Read(BucketKey.Parse("BTC/5Min/OHLCV"), ReadRequest.All);
        Assert.Equal(["Epoch", "Open", "High", "Low", "Close", "Volume"], five.Names());
        Assert.Equal(["i8", "f4", "f4", "f4", "f4", "f8"], five.Types());
        Assert.Equal([T0, T0 + 300, T0 + 600, T0 + 900], five.I8Values("Epoch"));
        Assert.Equal([100f, 105f, 110f, 115f], five.F4Values("Open"));
        Assert.Equal([105f, 110f, 115f, 120f], five.F4Values("High"));
        Assert.Equal([99f, 104f, 109f, 114f], five.F4Values("Low"));
        Assert.Equal([104.5f, 109.5f, 114.5f, 119.5f], five.F4Values("Close"));
        Assert.Equal([10.0, 10.0, 10.0, 10.0], five.F8Values("Volume"));

        var hour = _store.Read(BucketKey.Parse("BTC/1H/OHLCV"), ReadRequest.All);
        Assert.Equal([T0], hour.I8Values("Epoch"));
        Assert.Equal([100f], hour.F4Values("Open"));
        Assert.Equal([120f], hour.F4Values("High"));
        Assert.Equal([99f], hour.F4Values("Low"));
        Assert.Equal([119.5f], hour.F4Values("Close"));
        Assert.Equal([40.0], hour.F8Values("Volume"));
        AssertDerivedEqualsFromScratch("BTC/1Min/OHLCV", "BTC/15Min/OHLCV", 900);
    }

    [Fact]
    public void Partial_window_is_written_at_once_and_replaced_as_the_window_fills()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min"));
        _store.Write([Bars("ETH/1Min/OHLCV", [T0, T0 + 60], [1, 2], [5, 6], [1, 1], [2, 3])]);
        var partial = _store.Read(BucketKey.Parse("ETH/5Min/OHLCV"), ReadRequest.All);
        Assert.Equal([T0], partial.I8Values("Epoch"));
        Assert.Equal([6f], partial.F4Values("High"));
        Assert.Equal([3f], partial.F4Values("Close"));

        _store.Write([Bars("ETH/1Min/OHLCV", [T0 + 240], [4], [9], [0.5f], [8])]);
        var full = _store.Read(BucketKey.Parse("ETH/5Min/OHLCV"), ReadRequest.All);
        Assert.Equal([T0], full.I8Values("Epoch"));
        Assert.Equal([1f], full.F4Values("Open"));
        Assert.Equal([9f], full.F4Values("High"));
        Assert.Equal([0.5f], full.F4Values("Low"));
        Assert.Equal([8f], full.F4Values("Close"));
        Assert.Null(full.Find("Volume"));
    }

    [Fact]
    public void Late_write_into_an_earlier_window_recomputes_that_window_only_from_the_base()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min"));
        _store.Write([Bars("X/1Min/OHLCV", [T0 + 600, T0 + 660], [10, 11], [10, 11], [10, 11], [10, 11])]);
        _store.Write([Bars("X/1Min/OHLCV", [T0 + 120, T0], [3, 1], [3, 1], [3, 1], [3, 1])]); // out of order, earlier window
        _store.Write([Bars("X/1Min/OHLCV", [T0 + 60], [2], [7], [2], [2])]);

        var five = _store.Read(BucketKey.Parse("X/5Min/OHLCV"), ReadRequest.All);
        Assert.Equal([T0, T0 + 600], five.I8Values("Epoch"));
        Assert.Equal([1f, 10f], five.F4Values("Open"));
        Assert.Equal([7f, 11f], five.F4Values("High"));
        Assert.Equal([3f, 11f], five.F4Values("Close"));
        AssertDerivedEqualsFromScratch("X/1Min/OHLCV", "X/5Min/OHLCV", 300);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void After_every_random_write_each_derived_bucket_equals_an_aggregation_of_the_whole_base(int seed, bool withVolume)
    {
        Configure(Rule("*/1Min/OHLCV", "5Min", "15Min", "1H", "1D"));
        var random = new Random(seed);
        for (var write = 0; write < 60; write++)
        {
            // Random minutes over three days, any order, with repeats (overwrites) and sometimes a burst in one window.
            var count = random.Next(1, 40);
            var center = random.Next(0, 3 * 1440);
            var minutes = Enumerable.Range(0, count)
                .Select(_ => random.Next(4) == 0 ? random.Next(0, 3 * 1440) : Math.Clamp(center + random.Next(-30, 30), 0, (3 * 1440) - 1))
                .Distinct().ToArray();
            var epochs = minutes.Select(m => T0 + (m * 60L)).ToArray();
            float[] Prices() => minutes.Select(_ => (float)random.Next(1, 1000)).ToArray();
            var volume = withVolume ? minutes.Select(_ => (double)random.Next(0, 500)).ToArray() : null;
            _store.Write([Bars("SYM/1Min/OHLCV", epochs, Prices(), Prices(), Prices(), Prices(), volume)]);

            AssertDerivedEqualsFromScratch("SYM/1Min/OHLCV", "SYM/5Min/OHLCV", 300);
            AssertDerivedEqualsFromScratch("SYM/1Min/OHLCV", "SYM/15Min/OHLCV", 900);
            AssertDerivedEqualsFromScratch("SYM/1Min/OHLCV", "SYM/1H/OHLCV", 3600);
            AssertDerivedEqualsFromScratch("SYM/1Min/OHLCV", "SYM/1D/OHLCV", 86_400);
        }

        Assert.Equal(withVolume, _store.Read(BucketKey.Parse("SYM/1D/OHLCV"), ReadRequest.All).Find("Volume") is not null);
    }

    [Fact]
    public void Trade_attribute_group_aggregates_into_ohlcv_buckets()
    {
        Configure(Rule("*/1Min/TRADE", "5Min"));
        _store.Write([Bars("BTC/1Min/TRADE", [T0, T0 + 60], [1, 2], [3, 4], [0, 1], [2, 3], [1, 2])]);

        Assert.Null(_store.Find(BucketKey.Parse("BTC/5Min/TRADE")));
        AssertDerivedEqualsFromScratch("BTC/1Min/TRADE", "BTC/5Min/OHLCV", 300);
    }

    [Fact]
    public void Output_types_equal_input_types_and_other_columns_are_dropped()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min"));
        _store.Write([new BucketWrite(BucketKey.Parse("INT/1Min/OHLCV"), Series(
            Epoch(T0, T0 + 60, T0 + 120), I4("Open", 5, 6, 7), I8("High", 9, 12, 10), F8("Low", 1.25, 0.5, 2), F4("Close", 6, 7, 8),
            Column.From("Volume", ColumnType.U4, new uint[] { 4_000_000_000, 100, 200 }), F4("Trades", 1, 2, 3)), false)]);

        var five = _store.Read(BucketKey.Parse("INT/5Min/OHLCV"), ReadRequest.All);
        Assert.Equal(["Epoch", "Open", "High", "Low", "Close", "Volume"], five.Names());
        Assert.Equal(["i8", "i4", "i8", "f8", "f4", "u4"], five.Types());
        Assert.Equal([5], five.Find("Open")!.Values<int>().ToArray());
        Assert.Equal([12L], five.I8Values("High"));
        Assert.Equal([0.5], five.F8Values("Low"));
        Assert.Equal([8f], five.F4Values("Close"));
        Assert.Equal([4_000_000_300u], five.Find("Volume")!.Values<uint>().ToArray());
    }

    [Fact]
    public void Float_volume_sums_beyond_int32_range_without_failing()
    {
        Configure(Rule("*/1Min/OHLCV", "1H"));
        var epochs = Enumerable.Range(0, 60).Select(i => T0 + (i * 60L)).ToArray();
        var p = new float[60];
        _store.Write([Bars("BIG/1Min/OHLCV", epochs, p, p, p, p, epochs.Select(_ => 1e9).ToArray())]);
        Assert.Equal([6e10], _store.Read(BucketKey.Parse("BIG/1H/OHLCV"), ReadRequest.All).F8Values("Volume"));
    }

    [Fact]
    public void Multiple_rules_and_destinations_each_write_their_own_buckets()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min"), Rule("BTC/1Min/OHLCV", "1H", "5Min"), Rule("ETH/1Min/*", "15Min"));
        _store.Write([Bars("BTC/1Min/OHLCV", [T0], [1], [1], [1], [1]), Bars("ETH/1Min/OHLCV", [T0], [2], [2], [2], [2])]);

        Assert.Equal(
            ["BTC/1H/OHLCV", "BTC/1Min/OHLCV", "BTC/5Min/OHLCV", "ETH/15Min/OHLCV", "ETH/1Min/OHLCV", "ETH/5Min/OHLCV"],
            _store.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Non_matching_writes_are_left_alone()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min"));
        _store.Write([Bars("BTC/5Min/OHLCV", [T0], [1], [1], [1], [1]), Bars("BTC/1Min/QUOTE", [T0], [1], [1], [1], [1])]);
        _store.Write([Variable("BTC/1Sec/TICK", Epoch(T0), Nanos(0), F4("Price", 1))]);
        Assert.Equal(["BTC/1Min/QUOTE", "BTC/1Sec/TICK", "BTC/5Min/OHLCV"], _store.Keys().Select(k => k.ToString()));
    }

    [Fact]
    public void Chained_rules_that_match_their_own_output_end_and_stay_consistent()
    {
        // */*/OHLCV matches the 5Min and 1H buckets it writes; only coarser destinations are computed, so it ends.
        Configure(Rule("*/*/OHLCV", "5Min", "1H", "1Min"), Rule("*/5Min/OHLCV", "1H", "15Min"));
        var epochs = Enumerable.Range(0, 130).Select(i => T0 + (i * 60L)).ToArray();
        var p = epochs.Select((_, i) => (float)((i * 7) % 50)).ToArray();
        _store.Write([Bars("C/1Min/OHLCV", epochs, p, p, p, p, epochs.Select(_ => 1.0).ToArray())]);

        // The base write; 5Min and 1H from it; 15Min (only the 5Min rule has it) from the 5Min write. 1H is not redone.
        Assert.Equal(3, _store.WriteCount);
        AssertDerivedEqualsFromScratch("C/1Min/OHLCV", "C/5Min/OHLCV", 300);
        AssertDerivedEqualsFromScratch("C/1Min/OHLCV", "C/15Min/OHLCV", 900);
        AssertDerivedEqualsFromScratch("C/1Min/OHLCV", "C/1H/OHLCV", 3600);
        Assert.Equal(
            ["C/15Min/OHLCV", "C/1H/OHLCV", "C/1Min/OHLCV", "C/5Min/OHLCV"],
            _store.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rule_on_a_derived_timeframe_chains_from_the_derived_bucket()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min"), Rule("*/5Min/OHLCV", "1H"));
        var epochs = Enumerable.Range(0, 90).Select(i => T0 + (i * 60L)).ToArray();
        var p = epochs.Select((_, i) => (float)((i * 13) % 70)).ToArray();
        _store.Write([Bars("D/1Min/OHLCV", epochs, p, p, p, p)]);

        Assert.Equal(3, _store.WriteCount);
        AssertDerivedEqualsFromScratch("D/1Min/OHLCV", "D/5Min/OHLCV", 300);
        AssertDerivedEqualsFromScratch("D/1Min/OHLCV", "D/1H/OHLCV", 3600);
    }

    [Fact]
    public void Concurrent_writers_to_one_base_bucket_leave_every_derived_bucket_consistent()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min", "1H"));
        var threads = Enumerable.Range(0, 2).Select(seed => new Thread(() =>
        {
            var random = new Random(seed);
            for (var w = 0; w < 40; w++)
            {
                var minutes = Enumerable.Range(0, random.Next(1, 10)).Select(_ => random.Next(0, 240)).Distinct().ToArray();
                float[] Prices() => minutes.Select(_ => (float)random.Next(1, 100)).ToArray();
                _store.Write([Bars("CC/1Min/OHLCV", minutes.Select(m => T0 + (m * 60L)).ToArray(), Prices(), Prices(), Prices(), Prices(), minutes.Select(_ => 1.0).ToArray())]);
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();

        AssertDerivedEqualsFromScratch("CC/1Min/OHLCV", "CC/5Min/OHLCV", 300);
        AssertDerivedEqualsFromScratch("CC/1Min/OHLCV", "CC/1H/OHLCV", 3600);
    }

    [Fact]
    public void A_transaction_of_many_base_buckets_is_answered_by_one_transaction_of_derived_writes()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min", "1H"));
        var epochs = Enumerable.Range(0, 12).Select(i => T0 + (i * 60L)).ToArray();
        var symbols = new[] { "BTC", "ETH", "SOL" };
        var writes = symbols.Select((symbol, k) =>
        {
            var p = epochs.Select((_, i) => (float)((100 * (k + 1)) + i)).ToArray();
            return Bars($"{symbol}/1Min/OHLCV", epochs, p, p.Select(v => v + 1).ToArray(), p.Select(v => v - 1).ToArray(), p, epochs.Select(_ => 1.0).ToArray());
        }).ToList();

        _store.Write(writes);

        Assert.Equal(2, _store.WriteCalls); // the base transaction and one derived transaction (not one per symbol)
        foreach (var symbol in symbols)
        {
            AssertDerivedEqualsFromScratch($"{symbol}/1Min/OHLCV", $"{symbol}/5Min/OHLCV", 300);
            AssertDerivedEqualsFromScratch($"{symbol}/1Min/OHLCV", $"{symbol}/1H/OHLCV", 3600);
        }

        Assert.Equal([T0, T0 + 300, T0 + 600], _store.Read(BucketKey.Parse("ETH/5Min/OHLCV"), ReadRequest.All).I8Values("Epoch"));
        Assert.Equal([200f, 205f, 210f], _store.Read(BucketKey.Parse("ETH/5Min/OHLCV"), ReadRequest.All).F4Values("Open"));
    }

    [Fact]
    public void In_one_transaction_a_base_bucket_that_cannot_be_aggregated_costs_only_its_own_aggregates()
    {
        Configure(Rule("*/1Min/*", "5Min"));
        var p = new[] { 10f, 11f };
        _store.Write([
            Fixed("Q/1Min/QUOTE", Epoch(T0, T0 + 60), F4("Bid", 1, 2), F4("Ask", 2, 3)),
            Bars("BTC/1Min/OHLCV", [T0, T0 + 60], p, p, p, p, [1.0, 2.0]),
        ]);

        Assert.Null(_store.Find(BucketKey.Parse("Q/5Min/QUOTE")));
        Assert.Equal([3.0], _store.Read(BucketKey.Parse("BTC/5Min/OHLCV"), ReadRequest.All).F8Values("Volume"));
    }

    [Fact]
    public void When_one_derived_bucket_refuses_the_combined_write_the_other_symbols_aggregates_are_still_written()
    {
        Configure(Rule("*/1Min/OHLCV", "5Min"));
        // ETH's 5Min bucket exists with other columns, so a derived write to it is refused (and with it the combined transaction).
        _store.Write([Fixed("ETH/5Min/OHLCV", Epoch(T0 - 300), F4("Other", 7))]);
        var p = new[] { 10f, 11f };

        _store.Write([
            Bars("ETH/1Min/OHLCV", [T0, T0 + 60], p, p, p, p, [1.0, 2.0]),
            Bars("BTC/1Min/OHLCV", [T0, T0 + 60], p, p, p, p, [4.0, 5.0]),
        ]);

        Assert.Equal([9.0], _store.Read(BucketKey.Parse("BTC/5Min/OHLCV"), ReadRequest.All).F8Values("Volume"));
        var eth = _store.Read(BucketKey.Parse("ETH/5Min/OHLCV"), ReadRequest.All);
        Assert.Equal([T0 - 300], eth.I8Values("Epoch"));
        Assert.Equal([7f], eth.F4Values("Other"));
    }

    [Fact]
    public void Base_bucket_without_ohlc_columns_is_refused_with_a_clear_error()
    {
        var aggregator = new OnDiskAggregator([Rule("*/1Min/*", "5Min")]);
        _store.Write([Fixed("Q/1Min/QUOTE", Epoch(T0), F4("Bid", 1), F4("Ask", 2))]);
        var info = _store.Find(BucketKey.Parse("Q/1Min/QUOTE"))!;

        var e = Assert.Throws<StoreException>(() => aggregator.OnWritten(_store, new BucketWriteNotice(info, 1, new StoreTime(T0, 0), new StoreTime(T0, 0))));
        Assert.Equal("on-disk aggregation of Q/1Min/QUOTE: needs numeric Open, High, Low and Close columns, has no Open column", e.Message);
        Assert.Null(_store.Find(BucketKey.Parse("Q/5Min/QUOTE")));
    }

    [Theory]
    [InlineData("*/1Min", "5Min", "aggregation pattern '*/1Min' must be SYMBOL/TIMEFRAME/ATTRGROUP with * for any part, e.g. */1Min/OHLCV")]
    [InlineData("*/1Q/OHLCV", "5Min", "aggregation pattern '*/1Q/OHLCV': '1Q' is neither * nor a valid timeframe")]
    [InlineData("../1Min/OHLCV", "5Min", "aggregation pattern '../1Min/OHLCV': '..' is neither * nor a valid name")]
    [InlineData("*/1Min/OHLCV", "5Q", "aggregation rule '*/1Min/OHLCV': destination '5Q' is not a timeframe (e.g. 5Min, 15Min, 1H, 1D)")]
    [InlineData("*/1Min/OHLCV", "1M", "aggregation rule '*/1Min/OHLCV': destination '1M' is not a timeframe (e.g. 5Min, 15Min, 1H, 1D)")]
    public void Bad_configuration_is_refused_with_a_clear_error(string on, string destination, string message)
    {
        var e = Assert.Throws<StoreException>(() => new OnDiskAggregator([Rule(on, destination)]));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Rule_without_destinations_is_refused()
    {
        var e = Assert.Throws<StoreException>(() => new OnDiskAggregator(new StoreOptions { Aggregations = [Rule("*/1Min/OHLCV")] }));
        Assert.Equal("aggregation rule '*/1Min/OHLCV' has no destinations (e.g. 5Min, 15Min, 1H, 1D)", e.Message);
    }

    [Fact]
    public void Pattern_star_matches_one_whole_part_and_names_match_exactly()
    {
        var pattern = AggregationKeyPattern.Parse("*/1Min/OHLCV");
        Assert.True(pattern.Matches(BucketKey.Parse("BTC/1Min/OHLCV")));
        Assert.True(pattern.Matches(BucketKey.Parse("BINANCE_BTCUSDT/1Min/OHLCV")));
        Assert.False(pattern.Matches(BucketKey.Parse("BTC/1Min/ohlcv")));
        Assert.False(pattern.Matches(BucketKey.Parse("BTC/1T/OHLCV")));
        Assert.False(pattern.Matches(BucketKey.Parse("BTC/5Min/OHLCV")));
        Assert.True(AggregationKeyPattern.Parse("*/*/*").Matches(BucketKey.Parse("A/1D/B")));
    }
}
