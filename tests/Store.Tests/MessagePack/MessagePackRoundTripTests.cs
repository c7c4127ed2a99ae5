using System.Buffers;
using Archiver.Store.MessagePack;

namespace Archiver.Store.Tests.MessagePack;

public sealed class MessagePackRoundTripTests
{
    private static byte[] Write(Action<MessagePackWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new MessagePackWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public static TheoryData<long, string> SignedBoundaries => new()
    {
        { 0, "00" }, { 127, "7f" }, { 128, "cc 80" }, { 255, "cc ff" }, { 256, "cd 01 00" }, { 65535, "cd ff ff" },
        { 65536, "ce 00 01 00 00" }, { 4294967295, "ce ff ff ff ff" }, { 4294967296, "cf 00 00 00 01 00 00 00 00" },
        { long.MaxValue, "cf 7f ff ff ff ff ff ff ff" }, { -1, "ff" }, { -32, "e0" }, { -33, "d0 df" }, { -128, "d0 80" },
        { -129, "d1 ff 7f" }, { -32768, "d1 80 00" }, { -32769, "d2 ff ff 7f ff" }, { int.MinValue, "d2 80 00 00 00" },
        { (long)int.MinValue - 1, "d3 ff ff ff ff 7f ff ff ff" }, { long.MinValue, "d3 80 00 00 00 00 00 00 00" },
    };

    [Theory]
    [MemberData(nameof(SignedBoundaries))]
    public void Integers_are_written_in_their_smallest_form_and_read_back(long value, string hex)
    {
        var bytes = Write(w => w.WriteInt64(value));
        Assert.Equal(WireBytes.Hex(hex), bytes);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(MessagePackType.Integer, reader.PeekType());
        Assert.Equal(value, reader.ReadInt64());
        Assert.True(reader.End);
    }

    public static TheoryData<string, long> EveryWidthOfTheSameValue => new()
    {
        { "05", 5 }, { "cc 05", 5 }, { "cd 00 05", 5 }, { "ce 00 00 00 05", 5 }, { "cf 00 00 00 00 00 00 00 05", 5 },
        { "d0 05", 5 }, { "d1 00 05", 5 }, { "d2 00 00 00 05", 5 }, { "d3 00 00 00 00 00 00 00 05", 5 },
        { "fb", -5 }, { "d0 fb", -5 }, { "d1 ff fb", -5 }, { "d2 ff ff ff fb", -5 }, { "d3 ff ff ff ff ff ff ff fb", -5 },
    };

    [Theory]
    [MemberData(nameof(EveryWidthOfTheSameValue))]
    public void Every_integer_width_a_client_may_send_reads_as_the_same_value(string hex, long expected)
    {
        var reader = new MessagePackReader(WireBytes.Hex(hex));
        Assert.Equal(expected, reader.ReadInt64());
        reader = new MessagePackReader(WireBytes.Hex(hex));
        Assert.Equal((int)expected, reader.ReadInt32());
        reader = new MessagePackReader(WireBytes.Hex(hex));
        Assert.Equal((double)expected, reader.ReadDouble());
    }

    [Fact]
    public void Uint64_above_long_max_reads_as_ulong_and_is_refused_as_long()
    {
        var bytes = Write(w => w.WriteUInt64(ulong.MaxValue));
        Assert.Equal(WireBytes.Hex("cf ff ff ff ff ff ff ff ff"), bytes);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
        var e = Assert.Throws<MessagePackException>(() => new MessagePackReader(bytes).ReadInt64());
        Assert.Equal(0, e.Offset);
        Assert.Contains("18446744073709551615", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_integer_is_refused_as_unsigned_and_large_values_as_int32()
    {
        Assert.Throws<MessagePackException>(() => new MessagePackReader(WireBytes.Hex("ff")).ReadUInt64());
        var e = Assert.Throws<MessagePackException>(() => new MessagePackReader(WireBytes.Hex("ce 80 00 00 00")).ReadInt32());
        Assert.Contains("2147483648", e.Message, StringComparison.Ordinal);
        Assert.Equal(int.MaxValue, new MessagePackReader(WireBytes.Hex("ce 7f ff ff ff")).ReadInt32());
        Assert.Equal(int.MinValue, new MessagePackReader(WireBytes.Hex("d3 ff ff ff ff 80 00 00 00")).ReadInt32());
    }

    [Fact]
    public void Floats_round_trip_in_both_widths()
    {
        var bytes = Write(w =>
        {
            w.WriteDouble(4371.74);
            w.WriteSingle(1.5f);
            w.WriteDouble(double.NaN);
            w.WriteSingle(float.NegativeInfinity);
        });
        Assert.Equal(WireBytes.Hex("cb 40 b1 13 bd 70 a3 d7 0a ca 3f c0 00 00"), bytes[..14]);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(MessagePackType.Float, reader.PeekType());
        Assert.Equal(4371.74, reader.ReadDouble());
        Assert.Equal(1.5f, reader.ReadSingle());
        Assert.True(double.IsNaN(reader.ReadDouble()));
        Assert.Equal(double.NegativeInfinity, reader.ReadDouble());
        Assert.True(reader.End);
    }

    [Fact]
    public void Nil_and_booleans_round_trip()
    {
        var bytes = Write(w =>
        {
            w.WriteNil();
            w.WriteBoolean(true);
            w.WriteBoolean(false);
        });
        Assert.Equal(WireBytes.Hex("c0 c3 c2"), bytes);
        var reader = new MessagePackReader(bytes);
        Assert.True(reader.IsNil);
        Assert.True(reader.TryReadNil());
        Assert.False(reader.TryReadNil());
        Assert.True(reader.ReadBoolean());
        Assert.False(reader.ReadBoolean());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d9 20")]
    [InlineData(255, "d9 ff")]
    [InlineData(256, "da 01 00")]
    [InlineData(65535, "da ff ff")]
    [InlineData(65536, "db 00 01 00 00")]
    public void Strings_of_each_header_width_round_trip(int length, string header)
    {
        var text = new string('x', length);
        var bytes = Write(w => w.WriteString(text));
        Assert.Equal(WireBytes.Hex(header), bytes[..((header.Length + 1) / 3)]);
        Assert.Equal(length + ((header.Length + 1) / 3), bytes.Length);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(MessagePackType.String, reader.PeekType());
        Assert.Equal(text, reader.ReadString());
        Assert.True(reader.End);
    }

    [Fact]
    public void Non_ascii_strings_round_trip_as_utf8()
    {
        const string text = "Zürich €/日本 🚀";
        var bytes = Write(w => w.WriteString(text));
        Assert.Equal(0xa0 | System.Text.Encoding.UTF8.GetByteCount(text), bytes[0]);
        Assert.Equal(text, new MessagePackReader(bytes).ReadString());
    }

    [Fact]
    public void Invalid_utf8_in_a_str_is_refused()
    {
        var e = Assert.Throws<MessagePackException>(() => new MessagePackReader(WireBytes.Hex("a2 c3 28")).ReadString());
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "c4 00")]
    [InlineData(255, "c4 ff")]
    [InlineData(256, "c5 01 00")]
    [InlineData(65535, "c5 ff ff")]
    [InlineData(65536, "c6 00 01 00 00")]
    public void Binaries_of_each_header_width_round_trip_as_slices_of_the_input(int length, string header)
    {
        var payload = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var bytes = Write(w => w.WriteBinary(payload));
        var headerLength = (header.Length + 1) / 3;
        Assert.Equal(WireBytes.Hex(header), bytes[..headerLength]);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(MessagePackType.Binary, reader.PeekType());
        var read = reader.ReadBinary();
        Assert.Equal(payload, read.ToArray());
        Assert.True(reader.End);
        var range = new MessagePackReader(bytes).ReadBinaryRange();
        Assert.Equal((headerLength, length), range);
    }

    [Fact]
    public void Binary_written_in_pieces_after_one_header_equals_the_joined_binary()
    {
        var a = new byte[] { 1, 2, 3 };
        var b = new byte[300];
        b.AsSpan().Fill(9);
        var pieces = Write(w =>
        {
            w.WriteBinaryHeader(a.Length + b.Length);
            w.WriteRaw(a);
            w.WriteRaw(b);
        });
        Assert.Equal(Write(w => w.WriteBinary(a.Concat(b).ToArray())), pieces);
    }

    [Fact]
    public void Str_and_bin_are_kept_apart()
    {
        var str = Write(w => w.WriteString("Epoch"));
        var bin = Write(w => w.WriteBinary("Epoch"u8));
        var e1 = Assert.Throws<MessagePackException>(() => new MessagePackReader(str).ReadBinary().Length);
        Assert.Contains("expected bin, found str", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<MessagePackException>(() => new MessagePackReader(bin).ReadStringBytes().Length);
        Assert.Contains("expected str, found bin", e2.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc 00 10", "de 00 10")]
    [InlineData(65535, "dc ff ff", "de ff ff")]
    [InlineData(65536, "dd 00 01 00 00", "df 00 01 00 00")]
    public void Array_and_map_headers_of_each_width_round_trip(int count, string arrayHeader, string mapHeader)
    {
        var array = Write(w =>
        {
            w.WriteArrayHeader(count);
            for (var i = 0; i < count; i++) w.WriteNil();
        });
        Assert.Equal(WireBytes.Hex(arrayHeader), array[..((arrayHeader.Length + 1) / 3)]);
        var reader = new MessagePackReader(array);
        Assert.Equal(MessagePackType.Array, reader.PeekType());
        Assert.Equal(count, reader.ReadArrayHeader());

        var map = Write(w =>
        {
            w.WriteMapHeader(count);
            for (var i = 0; i < count; i++)
            {
                w.WriteInt64(i);
                w.WriteBoolean(true);
            }
        });
        Assert.Equal(WireBytes.Hex(mapHeader), map[..((mapHeader.Length + 1) / 3)]);
        reader = new MessagePackReader(map);
        Assert.Equal(MessagePackType.Map, reader.PeekType());
        Assert.Equal(count, reader.ReadMapHeader());
        var skipper = new MessagePackReader(map);
        skipper.Skip();
        Assert.True(skipper.End);
    }

    [Fact]
    public void Skip_and_read_raw_pass_over_nested_values_whole()
    {
        var bytes = Write(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("a");
            w.WriteArrayHeader(3);
            w.WriteInt64(-70000);
            w.WriteDouble(1);
            w.WriteBinary([1, 2]);
            w.WriteString("b");
            w.WriteMapHeader(1);
            w.WriteString("c");
            w.WriteNil();
            w.WriteString("after");
        });
        var reader = new MessagePackReader(bytes);
        var raw = reader.ReadRaw();
        Assert.Equal(bytes.Length - 6, raw.Length);
        Assert.Equal("after", reader.ReadString());
        Assert.True(reader.End);
    }

    [Fact]
    public void Reading_a_large_column_reply_allocates_nothing()
    {
        var column = new byte[8_000_000];
        var bytes = Write(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("data");
            w.WriteArrayHeader(2);
            w.WriteBinary(column);
            w.WriteBinary(column);
            w.WriteString("length");
            w.WriteInt64(1_000_000);
        });
        Walk(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = Walk(bytes);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(16_000_000 + 1_000_000, total);

        static long Walk(byte[] bytes)
        {
            var reader = new MessagePackReader(bytes);
            reader.ReadMapHeader();
            reader.ReadStringBytes();
            var n = reader.ReadArrayHeader();
            long sum = 0;
            for (var i = 0; i < n; i++) sum += reader.ReadBinary().Length;
            reader.ReadStringBytes();
            return sum + reader.ReadInt64();
        }
    }
}
