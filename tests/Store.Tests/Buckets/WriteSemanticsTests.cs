using Archiver.Store.Buckets;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>Write semantics of the MarketStore contract (§4.3, §10.7): slots, upserts, ticks, schema matching, casts and errors.</summary>
public sealed class WriteSemanticsTests : IDisposable
{
    private readonly StoreDirectory _dir = new();
    private readonly BucketStore _store;

    public WriteSemanticsTests() => _store = _dir.Open();

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Fixed_bucket_returns_slot_starts_and_the_last_row_of_a_slot_in_one_write_wins()
    {
        _store.Write(Fixed("BTC/1Min/OHLCV", Epoch(T2024 + 5, T2024 + 59, T2024 + 61, T2024 + 30), F4("Close", 1, 2, 3, 4)));
        var r = _store.ReadAll("BTC/1Min/OHLCV");
        Assert.Equal([T2024, T2024 + 60], r.Epochs());
        Assert.Equal([4f, 3f], r.Values<float>("Close"));
    }

    [Fact]
    public void A_later_write_to_a_slot_replaces_it_and_new_slots_append()
    {
        _store.Write(Fixed("BTC/1Min/OHLCV", Epoch(T2024, T2024 + 60, T2024 + 120), F4("Close", 1, 2, 3)));
        _store.Write(Fixed("BTC/1Min/OHLCV", Epoch(T2024 + 61, T2024 + 180), F4("Close", 20, 40)));
        var r = _store.ReadAll("BTC/1Min/OHLCV");
        Assert.Equal([T2024, T2024 + 60, T2024 + 120, T2024 + 180], r.Epochs());
        Assert.Equal([1f, 20f, 3f, 40f], r.Values<float>("Close"));
    }

    [Fact]
    public void A_slot_inserted_between_stored_slots_lands_in_order()
    {
        _store.Write(Fixed("BTC/1Min/OHLCV", Epoch(T2024, T2024 + 120), F4("Close", 1, 3)));
        _store.Write(Fixed("BTC/1Min/OHLCV", Epoch(T2024 + 60, T2024 + 120), F4("Close", 2, 30)));
        var r = _store.ReadAll("BTC/1Min/OHLCV");
        Assert.Equal([T2024, T2024 + 60, T2024 + 120], r.Epochs());
        Assert.Equal([1f, 2f, 30f], r.Values<float>("Close"));
    }

    [Fact]
    public void Unsorted_input_comes_back_sorted_in_both_kinds()
    {
        _store.Write(Fixed("U/1Sec/OHLCV", Epoch(T2024 + 3, T2024 + 1, T2024 + 2), F8("X", 3, 1, 2)));
        Assert.Equal([1.0, 2, 3], _store.ReadAll("U/1Sec/OHLCV").Values<double>("X"));
        _store.Write(Ticks("U/1Sec/TICK", Epoch(T2024 + 1, T2024, T2024 + 1), Nanos(5, 9, 1), F8("X", 3, 1, 2)));
        var t = _store.ReadAll("U/1Sec/TICK");
        Assert.Equal([1.0, 2, 3], t.Values<double>("X"));
        Assert.Equal([9, 1, 5], t.NanosOf());
    }

    [Fact]
    public void Equal_tick_times_keep_arrival_order_within_and_across_writes()
    {
        _store.Write(Ticks("S/1Sec/TICK", Epoch(T2024 + 1, T2024 + 1, T2024), Nanos(0, 0, 0), I8("Seq", 1, 2, 0)));
        _store.Write(Ticks("S/1Sec/TICK", Epoch(T2024 + 1, T2024, T2024 + 1), Nanos(0, 0, 0), I8("Seq", 3, 10, 4)));
        // pandas sort_index(kind="merge") of the concatenated input.
        Assert.Equal([0L, 10, 1, 2, 3, 4], _store.ReadAll("S/1Sec/TICK").Values<long>("Seq"));
    }

    [Fact]
    public void Ticks_keep_many_records_per_slot_and_exact_nanoseconds()
    {
        _store.Write(Ticks("T/1Min/TICK", Epoch(T2024 + 1, T2024 + 1, T2024 + 59), Nanos(1, 999_999_999, 123_456_789), F4("P", 1, 2, 3)));
        var r = _store.ReadAll("T/1Min/TICK");
        Assert.Equal([T2024 + 1, T2024 + 1, T2024 + 59], r.Epochs());
        Assert.Equal([1, 999_999_999, 123_456_789], r.NanosOf());
        Assert.Equal(RecordKind.Variable, _store.Find(BucketKey.Parse("T/1Min/TICK"))!.Kind);
        Assert.Equal(["P"], _store.Find(BucketKey.Parse("T/1Min/TICK"))!.Elements.Select(e => e.Name));
    }

    [Fact]
    public void Columns_are_matched_by_name_not_position()
    {
        _store.Write(Fixed("M/1Min/Q", Epoch(T2024), F4("Bid", 1), F4("Ask", 2)));
        _store.Write(Fixed("M/1Min/Q", Epoch(T2024 + 60), F4("Ask", 20), F4("Bid", 10)));
        var r = _store.ReadAll("M/1Min/Q");
        Assert.Equal([1f, 10f], r.Values<float>("Bid"));
        Assert.Equal([2f, 20f], r.Values<float>("Ask"));
    }

    [Fact]
    public void F8_and_I8_are_cast_into_an_f4_bucket()
    {
        _store.Create(BucketKey.Parse("C/1Min/OHLCV"), [new ColumnSpec("A", ColumnType.F4), new ColumnSpec("B", ColumnType.F4), new ColumnSpec("C", ColumnType.I2)], RecordKind.Fixed);
        _store.Write(Fixed("C/1Min/OHLCV", Epoch(T2024, T2024 + 60), F8("A", 1.5, 2.25), I8("B", 7, -3), F8("C", 70000.9, -1.9)));
        var r = _store.ReadAll("C/1Min/OHLCV");
        Assert.Equal(ColumnType.F4, r.Find("A")!.Type);
        Assert.Equal([1.5f, 2.25f], r.Values<float>("A"));
        Assert.Equal([7f, -3f], r.Values<float>("B"));
        // Floats truncate toward zero; a float beyond the integer type's range saturates (C leaves it undefined).
        Assert.Equal([short.MaxValue, (short)-1], r.Values<short>("C"));
    }

    [Fact]
    public void Mismatched_columns_fail_with_marketstores_text_and_write_nothing()
    {
        _store.Write(Fixed("E/1Min/OHLCV", Epoch(T2024), F4("Bid", 1), F4("Ask", 2)));
        var missing = Assert.Throws<StoreException>(() => _store.Write(Fixed("E/1Min/OHLCV", Epoch(T2024 + 60), F4("Bid", 1), F4("Other", 2))));
        Assert.Equal("unable to match data columns (Epoch:i8 Bid:f4 Other:f4) to bucket columns (Epoch:i8 Bid:f4 Ask:f4)", missing.Message);
        var count = Assert.Throws<StoreException>(() => _store.Write(Fixed("E/1Min/OHLCV", Epoch(T2024 + 60), F4("Bid", 1))));
        Assert.StartsWith("unable to match data columns (", count.Message);
        Assert.Single(_store.ReadAll("E/1Min/OHLCV").Epochs());
    }

    [Fact]
    public void Epoch_and_nanoseconds_type_errors_use_marketstores_text()
    {
        var epoch = Assert.Throws<StoreException>(() => _store.Write(Fixed("E/1Min/OHLCV", Column.From("Epoch", ColumnType.I4, new[] { 1 }), F4("Bid", 1))));
        Assert.Equal("unexpected data type for Epoch column", epoch.Message);
        var nanos = Assert.Throws<StoreException>(() => _store.Write(Ticks("E/1Sec/TICK", Epoch(T2024), Column.From("Nanoseconds", ColumnType.I8, new[] { 1L }), F4("Bid", 1))));
        Assert.Equal("unexpected data type for Nanoseconds column", nanos.Message);
        Assert.Empty(_store.Keys());
    }

    [Fact]
    public void Epoch_missing_or_not_first_is_a_clear_error()
    {
        var missing = Assert.Throws<StoreException>(() => _store.Write(Fixed("E/1Min/OHLCV", F4("Bid", 1))));
        Assert.Equal("the write to E/1Min/OHLCV has no Epoch column", missing.Message);
        var second = Assert.Throws<StoreException>(() => _store.Write(Fixed("E/1Min/OHLCV", F4("Bid", 1), Epoch(T2024))));
        Assert.Equal("Epoch must be the first column of the write to E/1Min/OHLCV, not Bid", second.Message);
        Assert.Empty(_store.Keys());
    }

    [Fact]
    public void A_cast_to_or_from_u16_fails()
    {
        _store.Write(Fixed("S/1Min/X", Epoch(T2024), Column.FromStrings("Name", ["a"])));
        var e = Assert.Throws<StoreException>(() => _store.Write(Fixed("S/1Min/X", Epoch(T2024), F4("Name", 1))));
        Assert.Equal("cannot cast column Name from f4 to U16 of bucket S/1Min/X", e.Message);
    }

    [Fact]
    public void A_failing_write_in_a_transaction_writes_none_of_it()
    {
        _store.Write(Fixed("A/1Min/X", Epoch(T2024), F4("V", 1)));
        Assert.Throws<StoreException>(() => _store.Write(Fixed("B/1Min/X", Epoch(T2024), F4("V", 1)), Fixed("A/1Min/X", Epoch(T2024 + 60), F8("W", 1))));
        Assert.Null(_store.Find(BucketKey.Parse("B/1Min/X")));
        Assert.Single(_store.ReadAll("A/1Min/X").Epochs());
    }

    [Fact]
    public void A_zero_row_write_creates_nothing()
    {
        _store.Write(Fixed("Z/1Min/X", Epoch(), F4("V")));
        Assert.Empty(_store.Keys());
        Assert.False(Directory.Exists(Path.Combine(_dir.Root, "buckets", "Z")));
    }

    [Fact]
    public void U16_strings_round_trip()
    {
        _store.Write(Fixed("S/1Min/X", Epoch(T2024, T2024 + 60), Column.FromStrings("Name", ["héllo €", "sixteen chars!!!"])));
        var r = _store.ReadAll("S/1Min/X");
        Assert.Equal(ColumnType.U16, r.Find("Name")!.Type);
        Assert.Equal("héllo €", r.Find("Name")!.StringAt(0));
        Assert.Equal("sixteen chars!!!", r.Find("Name")!.StringAt(1));
    }

    [Fact]
    public void A_daily_record_on_the_first_of_january_is_kept()
    {
        _store.Write(Fixed("D/1D/OHLCV", Epoch(T2024 + 3600, T2024 + 86_400), F4("Close", 1, 2)));
        var r = _store.ReadAll("D/1D/OHLCV");
        Assert.Equal([T2024, T2024 + 86_400], r.Epochs());
        Assert.Equal([1f, 2f], r.Values<float>("Close"));
    }

    [Fact]
    public void Replace_removes_the_range_and_writes_the_new_rows_atomically()
    {
        _store.Write(Ticks("R/1Sec/TICK", Epoch(T2024, T2024 + 10, T2024 + 20, T2024 + 30), Nanos(0, 0, 0, 0), F8("P", 1, 2, 3, 4)));
        var replace = Ticks("R/1Sec/TICK", Epoch(T2024 + 15), Nanos(0), F8("P", 9)) with { Replace = (At(T2024 + 5), At(T2024 + 25)) };
        _store.Write(replace);
        var r = _store.ReadAll("R/1Sec/TICK");
        Assert.Equal([T2024, T2024 + 15, T2024 + 30], r.Epochs());
        Assert.Equal([1.0, 9, 4], r.Values<double>("P"));
        // Replaying the same file again changes nothing.
        _store.Write(replace);
        Assert.Equal([1.0, 9, 4], _store.ReadAll("R/1Sec/TICK").Values<double>("P"));
        // A replace with no rows clears the range.
        _store.Write(Ticks("R/1Sec/TICK", Epoch(), Nanos(), F8("P")) with { Replace = (At(T2024 + 15), At(T2024 + 15)) });
        Assert.Equal([1.0, 4], _store.ReadAll("R/1Sec/TICK").Values<double>("P"));
    }

    [Fact]
    public void Replace_on_fixed_bars_rewrites_one_hour()
    {
        var epochs = Enumerable.Range(0, 180).Select(i => T2024 + (i * 60L)).ToArray();
        _store.Write(Fixed("B/1Min/OHLCV", Epoch(epochs), F8("Close", epochs.Select(e => 1.0).ToArray())));
        var hour = epochs.Skip(60).Take(30).ToArray();
        _store.Write(Fixed("B/1Min/OHLCV", Epoch(hour), F8("Close", hour.Select(e => 2.0).ToArray())) with { Replace = (At(T2024 + 3600), At(T2024 + 7199)) });
        var r = _store.ReadAll("B/1Min/OHLCV");
        Assert.Equal(150, r.RowCount);
        Assert.Equal(30, r.Values<double>("Close").Count(v => v == 2.0));
        Assert.DoesNotContain(T2024 + (100 * 60), r.Epochs());
        Assert.Equal(r.Epochs().Order(), r.Epochs());
    }

    [Fact]
    public void Create_takes_an_explicit_schema_drops_epoch_and_refuses_an_existing_bucket()
    {
        var info = _store.Create(BucketKey.Parse("N/1Sec/TICK"), [new ColumnSpec("Epoch", ColumnType.I8), new ColumnSpec("Bid", ColumnType.F4)], RecordKind.Variable);
        Assert.Equal(["Bid"], info.Elements.Select(e => e.Name));
        Assert.Equal(["Epoch", "Bid", "Nanoseconds"], _store.ReadAll("N/1Sec/TICK").Names());
        var e = Assert.Throws<StoreException>(() => _store.Create(BucketKey.Parse("N/1Sec/TICK"), [], RecordKind.Fixed));
        Assert.StartsWith("creation of new catalog entry failed:", e.Message);
        // Written without is_variable_length, nanoseconds would be an extra column of a variable bucket.
        Assert.Throws<StoreException>(() => _store.Write(Fixed("N/1Sec/TICK", Epoch(T2024), F4("Bid", 1), Nanos(5))));
        _store.Write(Ticks("N/1Sec/TICK", Epoch(T2024), F4("Bid", 1), Nanos(5)));
        Assert.Equal([5], _store.ReadAll("N/1Sec/TICK").NanosOf());
    }

    [Fact]
    public void Nanoseconds_is_an_ordinary_column_of_a_fixed_bucket()
    {
        _store.Write(Fixed("F/1Min/X", Epoch(T2024 + 1), Nanos(77), F4("V", 1)));
        var r = _store.ReadAll("F/1Min/X");
        Assert.Equal(["Epoch", "Nanoseconds", "V"], r.Names());
        Assert.Equal([77], r.NanosOf());
        Assert.Equal([T2024], r.Epochs());
    }

    [Fact]
    public void Destroy_removes_the_bucket_its_empty_parents_and_its_symbol()
    {
        _store.Write(Fixed("AAA/1Min/OHLCV", Epoch(T2024), F4("V", 1)), Fixed("AAA/1Sec/TICK", Epoch(T2024), F4("V", 1)), Fixed("BBB/1Min/OHLCV", Epoch(T2024), F4("V", 1)));
        Assert.Equal(["AAA/1Min/OHLCV", "AAA/1Sec/TICK", "BBB/1Min/OHLCV"], _store.Keys().Select(k => k.ToString()));
        Assert.Equal(["AAA", "BBB"], _store.Symbols());
        Assert.True(_store.Destroy(BucketKey.Parse("AAA/1Min/OHLCV")));
        Assert.True(Directory.Exists(Path.Combine(_dir.Root, "buckets", "AAA")));
        Assert.False(Directory.Exists(Path.Combine(_dir.Root, "buckets", "AAA", "1Min")));
        Assert.True(_store.Destroy(BucketKey.Parse("AAA/1Sec/TICK")));
        Assert.False(Directory.Exists(Path.Combine(_dir.Root, "buckets", "AAA")));
        Assert.False(_store.Destroy(BucketKey.Parse("AAA/1Sec/TICK")));
        Assert.Equal(["BBB"], _store.Symbols());
        Assert.Throws<StoreException>(() => _store.ReadAll("AAA/1Min/OHLCV"));
        // A new bucket under the same key starts empty with its own schema.
        _store.Write(Fixed("AAA/1Min/OHLCV", Epoch(T2024 + 60), F8("W", 2)));
        Assert.Equal(["Epoch", "W"], _store.ReadAll("AAA/1Min/OHLCV").Names());
        Assert.Single(_store.ReadAll("AAA/1Min/OHLCV").Epochs());
    }

    [Fact]
    public void Observers_see_each_committed_write_and_may_write_themselves()
    {
        var seen = new List<BucketWriteNotice>();
        _store.AddObserver(new Recorder(seen));
        _store.AddObserver(new Thrower());
        _store.Write(Fixed("O/1Min/OHLCV", Epoch(T2024 + 120, T2024 + 60, T2024 + 61), F4("Close", 1, 2, 3)));
        var notice = Assert.Single(seen, n => n.Bucket.Key.ToString() == "O/1Min/OHLCV");
        Assert.Equal(2, notice.Rows);
        Assert.Equal(At(T2024 + 60), notice.First);
        Assert.Equal(At(T2024 + 120), notice.Last);
        // The recorder wrote a derived bucket before Write returned.
        Assert.Equal([T2024], _store.ReadAll("O/1H/OHLCV").Epochs());
    }

    private sealed class Recorder(List<BucketWriteNotice> seen) : IBucketWriteObserver
    {
        public void OnWritten(IBucketStore store, BucketWriteNotice notice)
        {
            seen.Add(notice);
            if (notice.Bucket.Key.Timeframe.Name == "1Min")
            {
                var data = store.Read(notice.Bucket.Key, new ReadRequest { Start = notice.First, End = notice.Last });
                store.Write([new BucketWrite(new BucketKey("O", "1H", "OHLCV"), new ColumnSeries([Epoch(T2024), F4("Close", data.Values<float>("Close").Last())]), false)]);
            }
        }
    }

    private sealed class Thrower : IBucketWriteObserver
    {
        public void OnWritten(IBucketStore store, BucketWriteNotice notice) => throw new InvalidOperationException("observer failure");
    }
}
