using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Store.Ingest;

/// <summary>
/// Reads an archive file's rows into <see cref="TickRows"/>: only the columns ingest needs (projection), row group by
/// row group, copied as blocks where possible. Time is <c>exch_ts</c> in nanoseconds; ReceiveMicros is <c>ts</c>.
/// Rows whose <c>ts</c> lies outside the file's hour cannot have been written by the archiver (the hour is decided by
/// <c>ts</c>) and are skipped and counted, so every stored record belongs to exactly one file.
/// </summary>
internal static class ArchiveFileDecoder
{
    private static readonly string[] TradeColumns = ["ts", "exch_ts", "price", "size", "side"];
    private static readonly string[] BookColumns = ["ts", "exch_ts", "bid_px_0", "bid_sz_0", "ask_px_0", "ask_sz_0"];

    /// <summary>Decodes a trades file into <paramref name="rows"/> (Price, Size, Side, ReceiveMicros); returns the rows skipped.</summary>
    public static long DecodeTrades(ParquetFileReader reader, ArchiveHour hour, TickRows rows)
    {
        Require(reader, TradeColumns);
        rows.Reset(checked((int)reader.RowCount));
        long skipped = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var data = reader.ReadRowGroup(g, TradeColumns);
            var ts = Longs(reader, data, 0);
            var exch = Longs(reader, data, 1);
            var price = Doubles(reader, data, 2);
            var size = Doubles(reader, data, 3);
            var side = data.Columns[4] as BinaryColumnData
                       ?? throw new InvalidDataException($"{reader.Name}: column side is not a string column");
            var start = rows.Count;
            var n = ts.Length;
            rows.Reserve(start + n);
            if (AllInHour(ts, hour))
            {
                ts.CopyTo(rows.Buffer<long>(3)[start..]);
                ToNanos(exch, rows.TimeBuffer[start..]);
                price.CopyTo(rows.Buffer<double>(0)[start..]);
                size.CopyTo(rows.Buffer<double>(1)[start..]);
                Sides(side, rows.Buffer<sbyte>(2).Slice(start, n));
                rows.Advance(n);
                continue;
            }

            var time = rows.TimeBuffer;
            var p = rows.Buffer<double>(0);
            var s = rows.Buffer<double>(1);
            var sd = rows.Buffer<sbyte>(2);
            var rc = rows.Buffer<long>(3);
            var k = start;
            for (var i = 0; i < n; i++)
            {
                if (ts[i] < hour.StartMicros || ts[i] >= hour.EndMicros)
                {
                    skipped++;
                    continue;
                }

                time[k] = exch[i] * 1000;
                p[k] = price[i];
                s[k] = size[i];
                sd[k] = SideOf(side, i);
                rc[k] = ts[i];
                k++;
            }

            rows.Advance(k - start);
        }

        return skipped;
    }

    /// <summary>Decodes an l2book file's best levels into <paramref name="rows"/> (BidPrice, BidSize, AskPrice, AskSize, ReceiveMicros); returns the rows skipped.</summary>
    public static long DecodeBooks(ParquetFileReader reader, ArchiveHour hour, TickRows rows)
    {
        Require(reader, BookColumns);
        rows.Reset(checked((int)reader.RowCount));
        long skipped = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var data = reader.ReadRowGroup(g, BookColumns);
            var ts = Longs(reader, data, 0);
            var exch = Longs(reader, data, 1);
            var levels = new ColumnData<double>[4];
            for (var c = 0; c < 4; c++)
                levels[c] = data.Columns[2 + c] as ColumnData<double>
                            ?? throw new InvalidDataException($"{reader.Name}: column {BookColumns[2 + c]} is not DOUBLE");
            var start = rows.Count;
            rows.Reserve(start + ts.Length);
            var time = rows.TimeBuffer;
            var rc = rows.Buffer<long>(4);
            var k = start;
            for (var i = 0; i < ts.Length; i++)
            {
                if (ts[i] < hour.StartMicros || ts[i] >= hour.EndMicros)
                {
                    skipped++;
                    continue;
                }

                time[k] = exch[i] * 1000;
                rc[k] = ts[i];
                k++;
            }

            for (var c = 0; c < 4; c++)
            {
                var target = rows.Buffer<double>(c);
                var column = levels[c];
                var values = column.Span;
                var present = column.Present;
                var j = start;
                for (var i = 0; i < ts.Length; i++)
                {
                    if (ts[i] < hour.StartMicros || ts[i] >= hour.EndMicros) continue;
                    target[j++] = present is null || present[i] ? values[i] : double.NaN;
                }
            }

            rows.Advance(k - start);
        }

        return skipped;
    }

    private static void Require(ParquetFileReader reader, string[] columns)
    {
        foreach (var c in columns)
        {
            if (reader.Schema.IndexOf(c) < 0) throw new InvalidDataException($"{reader.Name}: no column '{c}' (not an archive file of this kind?)");
        }
    }

    private static ReadOnlySpan<long> Longs(ParquetFileReader reader, RowGroupData data, int index)
    {
        var column = data.Columns[index] as ColumnData<long>
                     ?? throw new InvalidDataException($"{reader.Name}: column {data.Columns[index].Field.Name} is not a 64-bit timestamp");
        if (column.Present is not null && column.NullCount > 0)
            throw new InvalidDataException($"{reader.Name}: column {column.Field.Name} has nulls");
        return column.Span;
    }

    private static ReadOnlySpan<double> Doubles(ParquetFileReader reader, RowGroupData data, int index)
    {
        var column = data.Columns[index] as ColumnData<double>
                     ?? throw new InvalidDataException($"{reader.Name}: column {data.Columns[index].Field.Name} is not DOUBLE");
        if (column.Present is not null && column.NullCount > 0)
            throw new InvalidDataException($"{reader.Name}: column {column.Field.Name} has nulls");
        return column.Span;
    }

    private static bool AllInHour(ReadOnlySpan<long> ts, ArchiveHour hour)
    {
        long lo = long.MaxValue, hi = long.MinValue;
        foreach (var t in ts)
        {
            lo = Math.Min(lo, t);
            hi = Math.Max(hi, t);
        }

        return ts.IsEmpty || (lo >= hour.StartMicros && hi < hour.EndMicros);
    }

    private static void ToNanos(ReadOnlySpan<long> micros, Span<long> nanos)
    {
        for (var i = 0; i < micros.Length; i++) nanos[i] = micros[i] * 1000;
    }

    private static void Sides(BinaryColumnData side, Span<sbyte> target)
    {
        for (var i = 0; i < target.Length; i++) target[i] = SideOf(side, i);
    }

    /// <summary>"buy" → +1, "sell" → -1, anything else (or null) → 0; decided from the length and first byte, no string made.</summary>
    private static sbyte SideOf(BinaryColumnData side, int row)
    {
        if (!side.HasValue(row)) return IngestSchemas.Unknown;
        var offsets = side.Values.Offsets;
        var start = offsets[row];
        var length = offsets[row + 1] - start;
        var bytes = side.Values.Bytes;
        if (length == 3 && bytes[start] == (byte)'b' && bytes[start + 1] == (byte)'u' && bytes[start + 2] == (byte)'y') return IngestSchemas.Buy;
        if (length == 4 && bytes[start] == (byte)'s' && bytes[start + 1] == (byte)'e' && bytes[start + 2] == (byte)'l' && bytes[start + 3] == (byte)'l')
            return IngestSchemas.Sell;
        return IngestSchemas.Unknown;
    }
}
