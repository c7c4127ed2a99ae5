using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Encodings;
using static Archiver.Store.Tests.Parquet.Encodings.EncodingTestSupport;

namespace Archiver.Store.Tests.Parquet.Encodings;

public class DeltaBinaryPackedEncodingTests
{
    // The spec's examples use block size 8, which it calls invalid; these are the same examples with the writer's
    // real layout (block 128 = 0x80 0x01, 4 miniblocks), derived by hand.
    private static readonly byte[] s_example1 =
    [
        0x80, 0x01, 0x04, 0x05, 0x02, // header: 128, 4 miniblocks, 5 values, first zigzag(1)
        0x02, 0x00, 0x00, 0x00, 0x00, // min delta zigzag(1), widths all 0, no miniblock data
    ];

    private static readonly byte[] s_example2 =
    [
        0x80, 0x01, 0x04, 0x08, 0x0E, // header: 128, 4, 8 values, first zigzag(7) = 14
        0x03, 0x02, 0x00, 0x00, 0x00, // min delta zigzag(-2) = 3, widths 2,0,0,0
        0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 0,0,0,3 | 3,3,3,0(pad) at 2 bits, then 24 padding zeros
    ];

    [Fact]
    public void Spec_example_1_encodes_and_decodes()
    {
        long[] values = [1, 2, 3, 4, 5];
        Assert.Equal(Hex(s_example1), Hex(Capture(w => DeltaBinaryPackedEncoding.Encode(values, w))));
        Assert.Equal(Hex(s_example1), Hex(Capture(w => DeltaBinaryPackedEncoding.Encode([1, 2, 3, 4, 5], w))));
        var decoded = new long[5];
        Assert.Equal(5, DeltaBinaryPackedEncoding.Decode(s_example1, decoded, out var used));
        Assert.Equal(s_example1.Length, used);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Spec_example_2_encodes_and_decodes()
    {
        int[] values = [7, 5, 3, 1, 2, 3, 4, 5];
        Assert.Equal(Hex(s_example2), Hex(Capture(w => DeltaBinaryPackedEncoding.Encode(values, w))));
        Assert.Equal(Hex(s_example2), Hex(Capture(w => DeltaBinaryPackedEncoding.Encode(values.Select(v => (long)v).ToArray(), w))));
        var decoded = new int[10];
        Assert.Equal(8, DeltaBinaryPackedEncoding.Decode(s_example2, decoded, out var used));
        Assert.Equal(s_example2.Length, used);
        Assert.Equal(values, decoded[..8]);
        Assert.Equal(8, DeltaBinaryPackedEncoding.PeekCount(s_example2));
    }

    [Fact]
    public void Spec_example_with_its_block_size_of_8_is_rejected_as_the_spec_says_it_is_invalid()
    {
        // 8 (block), 1 (miniblock), 5 (count), 1 (first); block: 1 (min delta), width 0.
        byte[] literal = [0x08, 0x01, 0x05, 0x02, 0x02, 0x00];
        var ex = Assert.Throws<ParquetFormatException>(() => DeltaBinaryPackedEncoding.Decode(literal, new long[5], out _));
        Assert.Contains("block size 8", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<int> Widths0To64()
    {
        var data = new TheoryData<int>();
        for (var w = 0; w <= 64; w++) data.Add(w);
        return data;
    }

    [Theory]
    [MemberData(nameof(Widths0To64))]
    public void Miniblock_of_every_width_round_trips(int width)
    {
        // Deltas alternate between lo and lo + (2^width - 1), so after subtracting the min delta (lo) the miniblock
        // needs exactly 'width' bits. For 64 bits lo is long.MinValue (deltas MinValue/MaxValue). Wrapping sums from 0.
        var span = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        var lo = width == 64 ? unchecked((ulong)long.MinValue) : 0UL;
        var values = new long[1 + 100];
        ulong current = 0;
        for (var i = 1; i < values.Length; i++)
        {
            current += i % 2 == 0 ? lo + span : lo;
            values[i] = (long)current;
        }

        var bytes = Capture(w => DeltaBinaryPackedEncoding.Encode(values, w));
        // First block's first miniblock width byte follows the header (80 01 04 65 00) and the min delta varint.
        var minDeltaEnd = 5;
        while (bytes[minDeltaEnd] >= 0x80) minDeltaEnd++;
        minDeltaEnd++;
        Assert.Equal(width, bytes[minDeltaEnd]);
        var decoded = new long[values.Length];
        Assert.Equal(values.Length, DeltaBinaryPackedEncoding.Decode(bytes, decoded, out var used));
        Assert.Equal(bytes.Length, used);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Int64_extremes_alternating_round_trip_with_wrapping_deltas()
    {
        var values = Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? long.MinValue : long.MaxValue).ToArray();
        values[7] = 0;
        values[150] = -1;
        var bytes = Capture(w => DeltaBinaryPackedEncoding.Encode(values, w));
        var decoded = new long[values.Length];
        DeltaBinaryPackedEncoding.Decode(bytes, decoded, out var used);
        Assert.Equal(bytes.Length, used);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Int32_extremes_round_trip_and_no_miniblock_exceeds_32_bits()
    {
        var values = Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? int.MinValue : i % 3 == 1 ? int.MaxValue : 0).ToArray();
        var bytes = Capture(w => DeltaBinaryPackedEncoding.Encode(values, w));
        var decoded = new int[values.Length];
        DeltaBinaryPackedEncoding.Decode(bytes, decoded, out var used);
        Assert.Equal(bytes.Length, used);
        Assert.Equal(values, decoded);

        // Walk the blocks: every width byte of a used miniblock must be <= 32.
        var pos = 5 + 5; // header: 80 01 04 AC 02 (300), zigzag(int.MinValue) is 5 bytes
        var remaining = values.Length - 1;
        while (remaining > 0)
        {
            while (bytes[pos] >= 0x80) pos++;
            pos++; // min delta
            var widths = bytes.AsSpan(pos, 4).ToArray();
            pos += 4;
            for (var mb = 0; mb < 4 && remaining > 0; mb++)
            {
                Assert.InRange(widths[mb], 0, 32);
                pos += 4 * widths[mb];
                remaining -= Math.Min(32, remaining);
            }
        }

        Assert.Equal(bytes.Length, pos);
    }

    [Fact]
    public void Empty_and_single_value_encodings_are_header_only()
    {
        var empty = Capture(w => DeltaBinaryPackedEncoding.Encode(ReadOnlySpan<long>.Empty, w));
        Assert.Equal(new byte[] { 0x80, 0x01, 0x04, 0x00, 0x00 }, empty);
        Assert.Equal(0, DeltaBinaryPackedEncoding.Decode(empty, Span<long>.Empty, out var used0));
        Assert.Equal(5, used0);

        var one = Capture(w => DeltaBinaryPackedEncoding.Encode([-3], w));
        Assert.Equal(new byte[] { 0x80, 0x01, 0x04, 0x01, 0x05 }, one);
        var decoded = new int[1];
        Assert.Equal(1, DeltaBinaryPackedEncoding.Decode(one, decoded, out var used1));
        Assert.Equal(5, used1);
        Assert.Equal(-3, decoded[0]);
    }

    [Fact]
    public void Random_data_round_trips_at_many_lengths_and_trailing_bytes_are_not_consumed()
    {
        var random = new Random(11);
        foreach (var n in new[] { 2, 31, 32, 33, 128, 129, 130, 257, 1000, 4097 })
        {
            var longs = Enumerable.Range(0, n).Select(_ => random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64)).ToArray();
            var bytes = Capture(w => { DeltaBinaryPackedEncoding.Encode(longs, w); w.Write([0xAB, 0xCD]); });
            var decoded = new long[n];
            Assert.Equal(n, DeltaBinaryPackedEncoding.Decode(bytes, decoded, out var used));
            Assert.Equal(bytes.Length - 2, used);
            Assert.Equal(longs, decoded);

            var ints = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue, int.MaxValue) >> random.Next(32)).ToArray();
            var intBytes = Capture(w => DeltaBinaryPackedEncoding.Encode(ints, w));
            var decodedInts = new int[n];
            Assert.Equal(n, DeltaBinaryPackedEncoding.Decode(intBytes, decodedInts, out var usedInts));
            Assert.Equal(intBytes.Length, usedInts);
            Assert.Equal(ints, decodedInts);
        }
    }

    [Fact]
    public void Sorted_timestamps_compress_to_a_few_bits_per_value()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => 1_700_000_000_000_000L + (i * 1000L) + (i % 7)).ToArray();
        var bytes = Capture(w => DeltaBinaryPackedEncoding.Encode(values, w));
        Assert.True(bytes.Length < values.Length, $"{bytes.Length} bytes");
        var decoded = new long[values.Length];
        DeltaBinaryPackedEncoding.Decode(bytes, decoded, out _);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Count_larger_than_output_is_rejected()
    {
        var ex = Assert.Throws<ParquetFormatException>(() => DeltaBinaryPackedEncoding.Decode(s_example2, new long[7], out _));
        Assert.Contains("8 values", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x04, 0x01, 0x00 }, "block size")]
    [InlineData(new byte[] { 0x81, 0x01, 0x04, 0x01, 0x00 }, "block size")]
    [InlineData(new byte[] { 0x80, 0x01, 0x00, 0x01, 0x00 }, "miniblock count")]
    [InlineData(new byte[] { 0x80, 0x01, 0x03, 0x01, 0x00 }, "miniblock count")]
    [InlineData(new byte[] { 0x80, 0x01, 0x08, 0x01, 0x00 }, "miniblock count")]
    [InlineData(new byte[] { 0x80, 0x01, 0x04, 0x81, 0x80, 0x80, 0x80, 0x01, 0x00 }, "value count")]
    [InlineData(new byte[] { 0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00 }, "bit width 65")]
    public void Hostile_headers_are_rejected(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<ParquetFormatException>(() => DeltaBinaryPackedEncoding.Decode(bytes, new long[300_000_000 / 1000], out _));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_throws()
    {
        var random = new Random(2);
        var values = Enumerable.Range(0, 300).Select(_ => random.NextInt64(-1000, 1000)).ToArray();
        var bytes = Capture(w => DeltaBinaryPackedEncoding.Encode(values, w));
        EveryTruncationThrows(bytes, b => DeltaBinaryPackedEncoding.Decode(b, new long[300], out _));
        EveryTruncationThrows(bytes, b => DeltaBinaryPackedEncoding.Decode(b, new int[300], out _));
    }

    [Fact]
    public void Mutations_only_throw_format_errors()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 700).Select(_ => random.NextInt64(-100_000, 100_000)).ToArray();
        var bytes = Capture(w => DeltaBinaryPackedEncoding.Encode(values, w));
        var output = new long[1000];
        MutationsOnlyThrowFormatErrors(bytes, b => DeltaBinaryPackedEncoding.Decode(b, output, out _));
        var ints = new int[1000];
        MutationsOnlyThrowFormatErrors(bytes, b => DeltaBinaryPackedEncoding.Decode(b, ints, out _), 77);
    }
}
