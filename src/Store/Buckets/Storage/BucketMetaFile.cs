using System.Buffers.Binary;
using System.Text;
using Archiver.Store.Buckets.Log;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// A bucket's <c>bucket.meta</c>: the checkpoint generation that wrote it, its kind, schema and, per partition, start, version, row count and min/max time,
/// as of the last checkpoint (or creation). Little-endian, CRC-32C at the end; replaced by write-to-temp and rename.
/// </summary>
internal static class BucketMetaFile
{
    public const string FileName = "bucket.meta";
    private const uint Magic = 0x4D42_5241; // "ARBM"
    private const uint FormatVersion = 1;
    private const int PartitionBytes = 8 + 4 + 8 + 8 + 4 + 8 + 4;

    /// <summary>The meta as read back: the checkpoint generation that wrote it (see the log header), schema and partitions.</summary>
    public sealed record Content(long Generation, RecordKind Kind, ColumnSpec[] Elements, Partition[] Partitions);

    public static byte[] Encode(StoredBucket bucket, long generation)
    {
        var size = 4 + 4 + 8 + 1 + 2;
        foreach (var e in bucket.Elements) size += 2 + Encoding.UTF8.GetByteCount(e.Name) + 1;
        size += 4 + (bucket.Partitions.Count * PartitionBytes) + 4;
        var bytes = new byte[size];
        var w = new SpanWriter(bytes);
        w.U32(Magic);
        w.U32(FormatVersion);
        w.I64(generation);
        w.U8((byte)bucket.Kind);
        w.U16((ushort)bucket.Elements.Length);
        foreach (var e in bucket.Elements)
        {
            w.Str(e.Name);
            w.U8((byte)e.Type);
        }

        w.U32((uint)bucket.Partitions.Count);
        foreach (var p in bucket.Partitions.Values)
        {
            w.I64(p.Start);
            w.I32(p.Version);
            w.I64(p.Rows);
            w.I64(p.Min.Seconds);
            w.I32(p.Min.Nanos);
            w.I64(p.Max.Seconds);
            w.I32(p.Max.Nanos);
        }

        w.U32(Crc32C.Compute(bytes.AsSpan(0, w.Position)));
        return bytes;
    }

    /// <summary>Writes the meta through a temporary file and a rename (durable only after a later sync).</summary>
    public static void Write(StoredBucket bucket, long generation)
    {
        var path = bucket.MetaPath;
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, Encode(bucket, generation));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads and checks a meta file; throws <see cref="StoreException"/> naming the file when it is damaged.</summary>
    public static Content Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new StoreException($"{path}: cannot read the bucket meta file: {e.Message}", e);
        }

        try
        {
            if (bytes.Length < 4 + 4 + 8 + 1 + 2 + 4 + 4) throw new InvalidDataException($"{bytes.Length} bytes is too short");
            var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
            if (stored != Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4))) throw new InvalidDataException("checksum mismatch");
            var r = new SpanReader(bytes.AsSpan(0, bytes.Length - 4));
            if (r.U32() != Magic) throw new InvalidDataException("not a bucket meta file");
            var version = r.U32();
            if (version != FormatVersion) throw new InvalidDataException($"format version {version} is not supported");
            var generation = r.I64();
            var kind = (RecordKind)r.U8();
            if (kind is not (RecordKind.Fixed or RecordKind.Variable)) throw new InvalidDataException($"record kind {(int)kind}");
            var elements = new ColumnSpec[r.U16()];
            for (var i = 0; i < elements.Length; i++)
            {
                var name = r.Str();
                var type = (ColumnType)r.U8();
                if (type > ColumnType.U16 || name.Length == 0) throw new InvalidDataException($"element {i} is damaged");
                elements[i] = new ColumnSpec(name, type);
            }

            var count = r.U32();
            if (count > (uint)(r.Remaining / PartitionBytes)) throw new InvalidDataException($"{count} partitions do not fit");
            var partitions = new Partition[count];
            for (var i = 0; i < partitions.Length; i++)
            {
                var p = new Partition(r.I64(), r.I32()) { Rows = r.I64() };
                p.Min = new StoreTime(r.I64(), r.I32());
                p.Max = new StoreTime(r.I64(), r.I32());
                if (p.Version <= 0 || p.Rows < 0) throw new InvalidDataException($"partition {i} is damaged");
                p.CheckpointedVersion = p.Version;
                partitions[i] = p;
            }

            if (r.Remaining != 0) throw new InvalidDataException($"{r.Remaining} trailing bytes");
            return new Content(generation, kind, elements, partitions);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException or DecoderFallbackException)
        {
            throw new StoreException($"{path}: the bucket meta file is damaged ({e.Message})", e);
        }
    }
}
