using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Encodings;
using static Archiver.Store.Tests.Parquet.Encodings.EncodingTestSupport;

namespace Archiver.Store.Tests.Parquet.Encodings;

public class ByteStreamSplitEncodingTests
{
    [Fact]
    public void Spec_example_three_floats_are_split_into_four_streams()
    {
        byte[] raw = [0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6];
        byte[] expected = [0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6];
        var encoded = new byte[12];
        ByteStreamSplitEncoding.Encode(raw, 4, encoded);
        Assert.Equal(expected, encoded);
        var decoded = new byte[12];
        ByteStreamSplitEncoding.Decode(encoded, 4, decoded);
        Assert.Equal(raw, decoded);

        // The same through the typed float helper (the raw bytes are the little-endian file bytes).
        var floats = new float[3];
        Assert.Equal(12, ByteStreamSplitEncoding.Decode(expected, floats));
        Assert.Equal(BitConverter.ToSingle(raw, 4), floats[1]);
        Assert.Equal(Hex(expected), Hex(Capture(w => ByteStreamSplitEncoding.Encode(floats, w))));
    }

    [Fact]
    public void Fixed_len_byte_array_of_width_3_is_split_into_three_streams()
    {
        // The spec gives no FLBA example; two 3-byte values, derived by the same rule.
        byte[] raw = [0x01, 0x02, 0x03, 0x0A, 0x0B, 0x0C];
        var encoded = new byte[6];
        ByteStreamSplitEncoding.Encode(raw, 3, encoded);
        Assert.Equal(new byte[] { 0x01, 0x0A, 0x02, 0x0B, 0x03, 0x0C }, encoded);
        var decoded = new byte[6];
        ByteStreamSplitEncoding.Decode(encoded, 3, decoded);
        Assert.Equal(raw, decoded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Random_values_of_every_width_round_trip_and_match_the_definition(int width)
    {
        var random = new Random(width);
        foreach (var n in new[] { 0, 1, 3, 4, 5, 17, 1000 })
        {
            var raw = new byte[n * width];
            random.NextBytes(raw);
            var encoded = new byte[raw.Length];
            ByteStreamSplitEncoding.Encode(raw, width, encoded);
            for (var i = 0; i < n; i++)
            {
                for (var s = 0; s < width; s++) Assert.Equal(raw[(i * width) + s], encoded[(s * n) + i]);
            }

            var decoded = new byte[raw.Length];
            ByteStreamSplitEncoding.Decode(encoded, width, decoded);
            Assert.Equal(raw, decoded);
        }
    }

    [Fact]
    public void Typed_helpers_round_trip()
    {
        var random = new Random(3);
        var doubles = Enumerable.Range(0, 101).Select(_ => random.NextDouble() * 1e6).Append(double.NaN).Append(-0.0).ToArray();
        var floats = doubles.Select(d => (float)d).ToArray();
        var ints = Enumerable.Range(0, 99).Select(_ => random.Next()).Append(int.MinValue).ToArray();
        var longs = Enumerable.Range(0, 99).Select(_ => random.NextInt64()).Append(long.MinValue).ToArray();

        var d2 = new double[doubles.Length];
        Assert.Equal(doubles.Length * 8, ByteStreamSplitEncoding.Decode(Capture(w => ByteStreamSplitEncoding.Encode(doubles, w)), d2));
        Assert.Equal(doubles.Select(BitConverter.DoubleToInt64Bits), d2.Select(BitConverter.DoubleToInt64Bits));
        var f2 = new float[floats.Length];
        Assert.Equal(floats.Length * 4, ByteStreamSplitEncoding.Decode(Capture(w => ByteStreamSplitEncoding.Encode(floats, w)), f2));
        Assert.Equal(floats.Select(BitConverter.SingleToInt32Bits), f2.Select(BitConverter.SingleToInt32Bits));
        var i2 = new int[ints.Length];
        ByteStreamSplitEncoding.Decode(Capture(w => ByteStreamSplitEncoding.Encode(ints, w)), i2);
        Assert.Equal(ints, i2);
        var l2 = new long[longs.Length];
        ByteStreamSplitEncoding.Decode(Capture(w => ByteStreamSplitEncoding.Encode(longs, w)), l2);
        Assert.Equal(longs, l2);
    }

    [Fact]
    public void Every_truncation_of_typed_input_throws()
    {
        var bytes = Capture(w => ByteStreamSplitEncoding.Encode([1.0, 2.0, 3.0], w));
        EveryTruncationThrows(bytes, b => ByteStreamSplitEncoding.Decode(b, new double[3]));
        var fbytes = Capture(w => ByteStreamSplitEncoding.Encode([1.0f, 2.0f, 3.0f], w));
        EveryTruncationThrows(fbytes, b => ByteStreamSplitEncoding.Decode(b, new float[3]));
    }

    [Fact]
    public void Mismatched_lengths_are_argument_errors()
    {
        Assert.Throws<ArgumentException>(() => ByteStreamSplitEncoding.Decode(new byte[7], 4, new byte[7]));
        Assert.Throws<ArgumentException>(() => ByteStreamSplitEncoding.Encode(new byte[8], 4, new byte[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteStreamSplitEncoding.Encode(new byte[8], 0, new byte[8]));
        Assert.Throws<ParquetFormatException>(() => ByteStreamSplitEncoding.Decode(new byte[7], new long[1]));
    }
}
