using System.Text;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using static Archiver.Store.Tests.Parquet.Encodings.EncodingTestSupport;

namespace Archiver.Store.Tests.Parquet.Encodings;

public class PlainEncodingTests
{
    [Fact]
    public void Booleans_are_bit_packed_lsb_first()
    {
        bool[] values = [true, false, true, true, false, false, false, false, true, true];
        var bytes = Capture(w => PlainEncoding.Encode(values, w));
        Assert.Equal(new byte[] { 0x0D, 0x03 }, bytes);
        var decoded = new bool[10];
        Assert.Equal(2, PlainEncoding.Decode(bytes, decoded));
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Many_booleans_round_trip_through_the_vector_path()
    {
        var random = new Random(1);
        foreach (var n in new[] { 15, 16, 17, 100, 1001 })
        {
            var values = Enumerable.Range(0, n).Select(_ => random.Next(2) == 1).ToArray();
            var bytes = Capture(w => PlainEncoding.Encode(values, w));
            Assert.Equal((n + 7) / 8, bytes.Length);
            var decoded = new bool[n];
            PlainEncoding.Decode(bytes, decoded);
            Assert.Equal(values, decoded);
        }
    }

    [Fact]
    public void Numbers_are_little_endian()
    {
        Assert.Equal("04030201", Hex(Capture(w => PlainEncoding.Encode([0x01020304], w))));
        Assert.Equal("0807060504030201", Hex(Capture(w => PlainEncoding.Encode([0x0102030405060708L], w))));
        Assert.Equal("0000803F", Hex(Capture(w => PlainEncoding.Encode([1.0f], w))));
        Assert.Equal("000000000000F03F", Hex(Capture(w => PlainEncoding.Encode([1.0], w))));
    }

    [Fact]
    public void Numbers_round_trip_including_extremes_and_NaN_bits()
    {
        int[] ints = [0, -1, int.MinValue, int.MaxValue, 42];
        long[] longs = [0, -1, long.MinValue, long.MaxValue, 42];
        float[] floats = [0f, -0f, float.NaN, float.PositiveInfinity, float.Epsilon, 1.5f];
        double[] doubles = [0d, -0d, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001), double.NegativeInfinity, 1e300];

        var i2 = new int[ints.Length];
        Assert.Equal(20, PlainEncoding.Decode(Capture(w => PlainEncoding.Encode(ints, w)), i2));
        Assert.Equal(ints, i2);
        var l2 = new long[longs.Length];
        Assert.Equal(40, PlainEncoding.Decode(Capture(w => PlainEncoding.Encode(longs, w)), l2));
        Assert.Equal(longs, l2);
        var f2 = new float[floats.Length];
        PlainEncoding.Decode(Capture(w => PlainEncoding.Encode(floats, w)), f2);
        Assert.Equal(floats.Select(BitConverter.SingleToInt32Bits), f2.Select(BitConverter.SingleToInt32Bits));
        var d2 = new double[doubles.Length];
        PlainEncoding.Decode(Capture(w => PlainEncoding.Encode(doubles, w)), d2);
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), d2.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Int96_converts_julian_day_and_nanos_of_day_to_unix_nanos()
    {
        byte[] bytes = new byte[36];
        // 1970-01-01 00:00:00.000000001
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 1L);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), 2440588);
        // 1970-01-02 01:00:00
        BitConverter.TryWriteBytes(bytes.AsSpan(12, 8), 3_600_000_000_000L);
        BitConverter.TryWriteBytes(bytes.AsSpan(20, 4), 2440589);
        // 1969-12-31 00:00:00
        BitConverter.TryWriteBytes(bytes.AsSpan(24, 8), 0L);
        BitConverter.TryWriteBytes(bytes.AsSpan(32, 4), 2440587);
        var output = new long[3];
        Assert.Equal(36, PlainEncoding.DecodeInt96AsUnixNanos(bytes, output));
        Assert.Equal(new[] { 1L, 90_000_000_000_000L, -86_400_000_000_000L }, output);
    }

    [Fact]
    public void Int96_outside_the_nanosecond_range_is_rejected()
    {
        var bytes = new byte[12];
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), int.MaxValue);
        Assert.Throws<ParquetFormatException>(() => PlainEncoding.DecodeInt96AsUnixNanos(bytes, new long[1]));
    }

    [Fact]
    public void Byte_arrays_are_length_prefixed_and_round_trip()
    {
        var data = "abhello"u8.ToArray();
        int[] offsets = [0, 2, 2, 7];
        var bytes = Capture(w => PlainEncoding.EncodeByteArrays(data, offsets, w));
        Assert.Equal("0200000061620000000005000000" + "68656C6C6F", Hex(bytes));
        var builder = new BinaryValueBuilder();
        Assert.Equal(bytes.Length, PlainEncoding.DecodeByteArrays(bytes, 3, builder));
        Assert.Equal(new[] { "ab", "", "hello" }, Enumerable.Range(0, 3).Select(i => Encoding.UTF8.GetString(builder[i])));
    }

    [Fact]
    public void Fixed_length_byte_arrays_round_trip()
    {
        var data = Enumerable.Range(0, 48).Select(i => (byte)i).ToArray();
        var bytes = Capture(w => PlainEncoding.EncodeFixed(data, w));
        Assert.Equal(data, bytes);
        var builder = new BinaryValueBuilder();
        Assert.Equal(48, PlainEncoding.DecodeFixed(bytes, 3, 16, builder));
        Assert.Equal(3, builder.Count);
        Assert.Equal(data[16..32], builder[1].ToArray());
    }

    [Fact]
    public void Negative_byte_array_length_is_rejected_with_position()
    {
        byte[] bytes = [1, 0, 0, 0, 0x41, 0xFF, 0xFF, 0xFF, 0xFF];
        var ex = Assert.Throws<ParquetFormatException>(() => PlainEncoding.DecodeByteArrays(bytes, 2, new BinaryValueBuilder()));
        Assert.Contains("negative", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at byte 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_count_is_rejected_before_allocating()
    {
        var ex = Assert.Throws<ParquetFormatException>(() => PlainEncoding.DecodeByteArrays([0, 0, 0, 0], 200_000_000, new BinaryValueBuilder()));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_throws()
    {
        var random = new Random(8);
        EveryTruncationThrows(Capture(w => PlainEncoding.Encode(new bool[13], w)), b => PlainEncoding.Decode(b, new bool[13]));
        EveryTruncationThrows(Capture(w => PlainEncoding.Encode([1, 2, 3], w)), b => PlainEncoding.Decode(b, new int[3]));
        EveryTruncationThrows(Capture(w => PlainEncoding.Encode([1L, 2L], w)), b => PlainEncoding.Decode(b, new long[2]));
        EveryTruncationThrows(Capture(w => PlainEncoding.Encode([1f, 2f], w)), b => PlainEncoding.Decode(b, new float[2]));
        EveryTruncationThrows(Capture(w => PlainEncoding.Encode([1d, 2d], w)), b => PlainEncoding.Decode(b, new double[2]));
        EveryTruncationThrows(new byte[24], b => PlainEncoding.DecodeInt96AsUnixNanos(b, new long[2]));
        EveryTruncationThrows(new byte[30], b => PlainEncoding.DecodeFixed(b, 3, 10, new BinaryValueBuilder()));
        var data = new byte[40];
        random.NextBytes(data);
        int[] offsets = [0, 5, 5, 17, 40];
        EveryTruncationThrows(
            Capture(w => PlainEncoding.EncodeByteArrays(data, offsets, w)),
            b => PlainEncoding.DecodeByteArrays(b, 4, new BinaryValueBuilder()));
    }

    [Fact]
    public void Mutations_of_byte_arrays_only_throw_format_errors()
    {
        var data = new byte[200];
        new Random(6).NextBytes(data);
        var offsets = Enumerable.Range(0, 21).Select(i => i * 10).ToArray();
        var bytes = Capture(w => PlainEncoding.EncodeByteArrays(data, offsets, w));
        var builder = new BinaryValueBuilder();
        MutationsOnlyThrowFormatErrors(bytes, b =>
        {
            builder.Clear();
            PlainEncoding.DecodeByteArrays(b, 20, builder);
        });
    }
}
