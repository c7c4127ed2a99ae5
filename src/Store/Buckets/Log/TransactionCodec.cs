using System.Buffers;
using System.Buffers.Binary;
using Archiver.Store.Buckets.Storage;

namespace Archiver.Store.Buckets.Log;

/// <summary>
/// The log record of one transaction: <c>u32 payload length, u32 CRC-32C of the payload, payload</c>; the payload is
/// <c>u32 entry count</c> then per entry <c>u8 kind, key</c> and, for Create and Write, <c>u8 record kind, u16
/// element count, (name, u8 type)…</c>; a Write adds <c>u8 flags (1 creates the bucket, 2 replace, 4 before-images),
/// [replace start i64 s, i32 ns, end i64 s, i32 ns], i32 rows</c>, then the Epoch column, the Nanoseconds column
/// (variable buckets) and each element column, packed; with flag 4 then <c>i32 image count</c> and per image
/// <c>i64 partition start, i32 version, i64 first row, i32 rows</c> and every stored column of those rows, packed
/// (<see cref="TailImage"/>). Strings are u16 byte length + UTF-8. All little-endian.
/// </summary>
internal static class TransactionCodec
{
    public const int HeaderSize = 8;

    /// <summary>Largest payload accepted (the log refuses bigger transactions).</summary>
    public const long MaxPayload = int.MaxValue - 64;

    /// <summary>
    /// Encodes <paramref name="items"/> into a record in a rented buffer (return it to <see cref="ArrayPool{T}.Shared"/>),
    /// casting and gathering write payloads straight into it. <paramref name="entries"/> get views into the buffer.
    /// </summary>
    public static byte[] Encode(IReadOnlyList<PendingEntry> items, out int length, out LogEntry[] entries)
    {
        long size = HeaderSize + 4;
        foreach (var e in items) size += EntrySize(e);
        if (size - HeaderSize > MaxPayload) throw new StoreException($"a transaction of {size} bytes is too large; write fewer rows at a time");
        length = (int)size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        entries = new LogEntry[items.Count];
        var w = new SpanWriter(buffer.AsSpan(0, length));
        w.Skip(HeaderSize);
        w.U32((uint)items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i];
            w.U8((byte)e.Kind);
            w.Str(e.Key.ToString());
            if (e.Kind == LogEntryKind.Destroy)
            {
                entries[i] = LogEntry.Destroy(e.Key);
                continue;
            }

            w.U8((byte)e.RecordKind);
            w.U16((ushort)e.Elements.Length);
            foreach (var el in e.Elements)
            {
                w.Str(el.Name);
                w.U8((byte)el.Type);
            }

            if (e.Kind == LogEntryKind.Create)
            {
                entries[i] = LogEntry.Create(e.Key, e.RecordKind, e.Elements);
                continue;
            }

            w.U8((byte)((e.CreatesBucket ? 1 : 0) | (e.Replace is null ? 0 : 2) | (e.Images.Length == 0 ? 0 : 4)));
            if (e.Replace is { } r)
            {
                w.I64(r.Start.Seconds);
                w.I32(r.Start.Nanos);
                w.I64(r.End.Seconds);
                w.I32(r.End.Nanos);
            }

            w.I32(e.Rows);
            var variable = e.RecordKind == RecordKind.Variable;
            var perm = e.PermutationSpan;
            var epochAt = w.Skip(e.Rows * 8);
            if (e.Rows > 0)
            {
                ColumnCast.Gather(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Keys.AsSpan(0, e.Keys!.Length)), buffer.AsSpan(epochAt, e.Rows * 8), 8, perm);
            }

            var nanosAt = w.Skip(variable ? e.Rows * 4 : 0);
            if (variable && e.Rows > 0)
            {
                ColumnCast.Gather(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.NanoKeys.AsSpan(0, e.NanoKeys!.Length)), buffer.AsSpan(nanosAt, e.Rows * 4), 4, perm);
            }

            var columns = new ReadOnlyMemory<byte>[e.Elements.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                var bytes = e.Rows * e.Elements[c].Type.Size();
                var at = w.Skip(bytes);
                if (e.Rows > 0)
                {
                    var src = e.Sources[c];
                    ColumnCast.CastGather(src.Data.Span, src.Type, buffer.AsSpan(at, bytes), e.Elements[c].Type, perm);
                }

                columns[c] = buffer.AsMemory(at, bytes);
            }

            var images = EncodeImages(e, buffer, ref w);
            entries[i] = new LogEntry(LogEntryKind.Write, e.Key, e.RecordKind, e.Elements, e.CreatesBucket, new PreparedWrite
            {
                Rows = e.Rows,
                Epochs = buffer.AsMemory(epochAt, e.Rows * 8),
                Nanos = buffer.AsMemory(nanosAt, variable ? e.Rows * 4 : 0),
                Columns = columns,
                Replace = e.Replace,
                Images = images,
            });
        }

        var payload = buffer.AsSpan(HeaderSize, length - HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), Crc32C.Compute(payload));
        return buffer;
    }

    /// <summary>Decodes a checked payload; the writes' bytes are views into <paramref name="payload"/>.</summary>
    /// <exception cref="InvalidDataException">The payload does not describe valid entries.</exception>
    public static LogEntry[] Decode(ReadOnlyMemory<byte> payload)
    {
        var r = new SpanReader(payload.Span);
        var count = r.U32();
        if (count > (uint)payload.Length) throw new InvalidDataException($"{count} entries in {payload.Length} bytes");
        var entries = new LogEntry[count];
        for (var i = 0; i < entries.Length; i++)
        {
            var kind = (LogEntryKind)r.U8();
            BucketKey key;
            try
            {
                key = BucketKey.Parse(r.Str());
            }
            catch (StoreException e)
            {
                throw new InvalidDataException(e.Message, e);
            }

            if (kind == LogEntryKind.Destroy)
            {
                entries[i] = LogEntry.Destroy(key);
                continue;
            }

            if (kind is not (LogEntryKind.Create or LogEntryKind.Write)) throw new InvalidDataException($"entry kind {(int)kind}");
            var recordKind = (RecordKind)r.U8();
            if (recordKind is not (RecordKind.Fixed or RecordKind.Variable)) throw new InvalidDataException($"record kind {(int)recordKind}");
            var elements = new ColumnSpec[r.U16()];
            for (var c = 0; c < elements.Length; c++)
            {
                var name = r.Str();
                var type = (ColumnType)r.U8();
                if (type > ColumnType.U16) throw new InvalidDataException($"column type {(int)type}");
                elements[c] = new ColumnSpec(name, type);
            }

            if (kind == LogEntryKind.Create)
            {
                entries[i] = LogEntry.Create(key, recordKind, elements);
                continue;
            }

            var flags = r.U8();
            (StoreTime, StoreTime)? replace = null;
            if ((flags & 2) != 0) replace = (new StoreTime(r.I64(), r.I32()), new StoreTime(r.I64(), r.I32()));
            var rows = r.I32();
            if (rows < 0) throw new InvalidDataException($"{rows} rows");
            var variable = recordKind == RecordKind.Variable;
            var epochs = payload.Slice(r.Skip(rows * 8L), rows * 8);
            var nanos = payload.Slice(r.Skip(variable ? rows * 4L : 0), variable ? rows * 4 : 0);
            var columns = new ReadOnlyMemory<byte>[elements.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                var bytes = (long)rows * elements[c].Type.Size();
                columns[c] = payload.Slice(r.Skip(bytes), (int)bytes);
            }

            var images = (flags & 4) != 0 ? DecodeImages(payload, ref r, StoredSizes(recordKind, elements)) : [];
            entries[i] = new LogEntry(kind, key, recordKind, elements, (flags & 1) != 0, new PreparedWrite
            {
                Rows = rows, Epochs = epochs, Nanos = nanos, Columns = columns, Replace = replace, Images = images,
            });
        }

        if (r.Remaining != 0) throw new InvalidDataException($"{r.Remaining} trailing bytes");
        return entries;
    }

    private static long EntrySize(PendingEntry e)
    {
        long size = 1 + SpanWriter.StrSize(e.Key.ToString());
        if (e.Kind == LogEntryKind.Destroy) return size;
        size += 1 + 2;
        foreach (var el in e.Elements) size += SpanWriter.StrSize(el.Name) + 1;
        if (e.Kind == LogEntryKind.Create) return size;
        size += 1 + (e.Replace is null ? 0 : 24) + 4;
        long rowBytes = 0;
        foreach (var s in StoredSizes(e.RecordKind, e.Elements)) rowBytes += s;
        size += rowBytes * e.Rows;
        if (e.Images.Length > 0)
        {
            size += 4;
            foreach (var image in e.Images) size += ImageHeaderSize + (rowBytes * image.Rows);
        }

        return size;
    }

    private const int ImageHeaderSize = 8 + 4 + 8 + 4;

    /// <summary>Value sizes of the stored columns: Epoch, Nanoseconds (variable), elements.</summary>
    private static int[] StoredSizes(RecordKind kind, ColumnSpec[] elements)
    {
        var variable = kind == RecordKind.Variable;
        var sizes = new int[elements.Length + (variable ? 2 : 1)];
        sizes[0] = 8;
        if (variable) sizes[1] = 4;
        for (var c = 0; c < elements.Length; c++) sizes[c + (variable ? 2 : 1)] = elements[c].Type.Size();
        return sizes;
    }

    /// <summary>Reads the stored rows of each before-image from the partition files straight into the record.</summary>
    private static TailImage[] EncodeImages(PendingEntry e, byte[] buffer, ref SpanWriter w)
    {
        if (e.Images.Length == 0) return [];
        var bucket = e.Bucket ?? throw new InvalidOperationException("before-images need the bucket");
        var sizes = StoredSizes(e.RecordKind, e.Elements);
        w.I32(e.Images.Length);
        var images = new TailImage[e.Images.Length];
        for (var k = 0; k < images.Length; k++)
        {
            var spec = e.Images[k];
            w.I64(spec.PartitionStart);
            w.I32(spec.Version);
            w.I64(spec.FirstRow);
            w.I32(spec.Rows);
            var columns = new ReadOnlyMemory<byte>[sizes.Length];
            using var files = bucket.Partitions.TryGetValue(spec.PartitionStart, out var current) && current.Version == spec.Version
                ? new PartitionFiles(bucket, current)
                : new PartitionFiles(bucket, bucket.PartitionDirectory(spec.PartitionStart, spec.Version), write: false);
            for (var c = 0; c < sizes.Length; c++)
            {
                var bytes = spec.Rows * sizes[c];
                var at = w.Skip(bytes);
                files.Read(c, spec.FirstRow, buffer.AsSpan(at, bytes));
                columns[c] = buffer.AsMemory(at, bytes);
            }

            images[k] = new TailImage
            {
                PartitionStart = spec.PartitionStart, Version = spec.Version, FirstRow = spec.FirstRow, Rows = spec.Rows, Columns = columns,
            };
        }

        return images;
    }

    private static TailImage[] DecodeImages(ReadOnlyMemory<byte> payload, ref SpanReader r, int[] sizes)
    {
        var count = r.I32();
        if (count < 0 || count > r.Remaining) throw new InvalidDataException($"{count} before-images");
        var images = new TailImage[count];
        for (var k = 0; k < count; k++)
        {
            var start = r.I64();
            var version = r.I32();
            var firstRow = r.I64();
            var rows = r.I32();
            if (rows < 0 || firstRow < 0) throw new InvalidDataException($"before-image of {rows} rows from row {firstRow}");
            var columns = new ReadOnlyMemory<byte>[sizes.Length];
            for (var c = 0; c < sizes.Length; c++)
            {
                var bytes = (long)rows * sizes[c];
                columns[c] = payload.Slice(r.Skip(bytes), (int)bytes);
            }

            images[k] = new TailImage { PartitionStart = start, Version = version, FirstRow = firstRow, Rows = rows, Columns = columns };
        }

        return images;
    }
}
