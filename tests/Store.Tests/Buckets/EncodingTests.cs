using Archiver.Store.Buckets;
using Archiver.Store.Buckets.Log;
using Archiver.Store.Buckets.Storage;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>The log checksum, numeric casts and the log record round trip.</summary>
public sealed class EncodingTests
{
    [Fact]
    public void Crc32c_matches_the_standard_check_value() =>
        Assert.Equal(0xE306_9283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Crc32c_of_32_zero_bytes_matches_the_iscsi_test_vector() =>
        Assert.Equal(0x8A91_36AAu, Crc32C.Compute(new byte[32]));

    [Fact]
    public void Integer_casts_wrap_like_c_and_floats_truncate_toward_zero()
    {
        var src = Column.From("X", ColumnType.I8, new[] { 300L, -1L, 65_537L });
        var u1 = new byte[3];
        ColumnCast.CastGather(src.Data.Span, ColumnType.I8, u1, ColumnType.U1, default);
        Assert.Equal(new byte[] { 44, 255, 1 }, u1);
        var f = Column.From("X", ColumnType.F8, new[] { -2.9, 2.9, 0.5 });
        var i4 = new int[3];
        ColumnCast.CastGather(f.Data.Span, ColumnType.F8, System.Runtime.InteropServices.MemoryMarshal.AsBytes(i4.AsSpan()), ColumnType.I4, [2, 1, 0]);
        Assert.Equal([0, 2, -2], i4);
    }

    [Fact]
    public void A_log_record_decodes_to_the_entries_it_was_encoded_from()
    {
        var write = Ticks("A/1Sec/TICK", Epoch(T2024 + 2, T2024 + 1), Nanos(5, 7), F8("P", 2, 1)) with { Replace = (At(T2024), At(T2024 + 9, 1)) };
        using var entry = WritePreparer.Prepare(write, null)!;
        using var create = new PendingEntry { Kind = LogEntryKind.Create, Key = BucketKey.Parse("B/1D/X"), RecordKind = RecordKind.Fixed, Elements = [new ColumnSpec("V", ColumnType.U16)], CreatesBucket = true };
        using var destroy = new PendingEntry { Kind = LogEntryKind.Destroy, Key = BucketKey.Parse("C/1D/X") };
        var buffer = TransactionCodec.Encode([entry, create, destroy], out var length, out _);
        try
        {
            var decoded = TransactionCodec.Decode(buffer.AsMemory(TransactionCodec.HeaderSize, length - TransactionCodec.HeaderSize));
            Assert.Equal([LogEntryKind.Write, LogEntryKind.Create, LogEntryKind.Destroy], decoded.Select(d => d.Kind));
            var w = decoded[0].Write!;
            Assert.True(decoded[0].CreatesBucket);
            Assert.Equal(RecordKind.Variable, decoded[0].RecordKind);
            Assert.Equal([T2024 + 1, T2024 + 2], w.EpochValues.ToArray());
            Assert.Equal([7, 5], w.NanoValues.ToArray());
            Assert.Equal([1.0, 2.0], System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(w.Columns[0].Span).ToArray());
            Assert.Equal((At(T2024), At(T2024 + 9, 1)), w.Replace);
            Assert.Equal("B/1D/X", decoded[1].Key.ToString());
            Assert.Equal(ColumnType.U16, decoded[1].Elements[0].Type);
            Assert.Equal("C/1D/X", decoded[2].Key.ToString());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
