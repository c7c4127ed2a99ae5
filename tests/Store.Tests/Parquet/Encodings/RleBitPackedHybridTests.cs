using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Encodings;
using static Archiver.Store.Tests.Parquet.Encodings.EncodingTestSupport;

namespace Archiver.Store.Tests.Parquet.Encodings;

public class RleBitPackedHybridTests
{
    [Fact]
    public void Spec_example_0_to_7_width_3_encodes_as_one_bit_packed_group()
    {
        int[] values = [0, 1, 2, 3, 4, 5, 6, 7];
        var bytes = Capture(w => RleBitPackedHybrid.Encode(values, 3, w));
        Assert.Equal(new byte[] { 0x03, 0x88, 0xC6, 0xFA }, bytes);

        var decoded = new int[8];
        Assert.Equal(4, RleBitPackedHybrid.Decode(bytes, 3, decoded));
        Assert.Equal(values, decoded);
    }

    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(1UL, 1)]
    [InlineData(2UL, 2)]
    [InlineData(7UL, 3)]
    [InlineData(8UL, 4)]
    [InlineData(255UL, 8)]
    [InlineData(uint.MaxValue, 32)]
    [InlineData(ulong.MaxValue, 64)]
    public void BitWidth_is_the_number_of_significant_bits(ulong max, int expected) =>
        Assert.Equal(expected, RleBitPackedHybrid.BitWidth(max));

    [Fact]
    public void A_run_of_repeats_becomes_a_single_RLE_run()
    {
        var values = Enumerable.Repeat(5, 100).ToArray();
        var bytes = Capture(w => RleBitPackedHybrid.Encode(values, 3, w));
        // header varint(100 << 1) = 200 = 0xC8 0x01, then the value in one byte.
        Assert.Equal(new byte[] { 0xC8, 0x01, 0x05 }, bytes);
        var decoded = new int[100];
        Assert.Equal(3, RleBitPackedHybrid.Decode(bytes, 3, decoded));
        Assert.All(decoded, v => Assert.Equal(5, v));
    }

    [Fact]
    public void Literals_before_a_run_are_padded_to_a_group_by_borrowing_from_the_run()
    {
        // 3 literals then 20 sevens: the group takes 5 sevens, then RLE of 15 sevens.
        int[] values = [1, 2, 3, .. Enumerable.Repeat(7, 20)];
        var bytes = Capture(w => RleBitPackedHybrid.Encode(values, 3, w));
        // bit-packed 1 group (0x03): 1,2,3,7,7,7,7,7 at 3 bits -> 0xD1 0xFE 0xFF (bit 8 is the top bit of 3, which is 0); then RLE 15 (0x1E) of 7.
        Assert.Equal(new byte[] { 0x03, 0xD1, 0xFE, 0xFF, 0x1E, 0x07 }, bytes);
        var decoded = new int[values.Length];
        RleBitPackedHybrid.Decode(bytes, 3, decoded);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Mixed_runs_and_literals_round_trip()
    {
        var random = new Random(7);
        var values = new List<int>();
        for (var block = 0; block < 300; block++)
        {
            if (random.Next(2) == 0) values.AddRange(Enumerable.Repeat(random.Next(16), random.Next(1, 40)));
            else for (var k = random.Next(1, 20); k > 0; k--) values.Add(random.Next(16));
        }

        var array = values.ToArray();
        var bytes = Capture(w => RleBitPackedHybrid.Encode(array, 4, w));
        var decoded = new int[array.Length];
        Assert.Equal(bytes.Length, RleBitPackedHybrid.Decode(bytes, 4, decoded));
        Assert.Equal(array, decoded);
        Assert.True(bytes.Length < array.Length / 2, "runs should compress");
    }

    public static TheoryData<int> Widths1To32()
    {
        var data = new TheoryData<int>();
        for (var w = 1; w <= 32; w++) data.Add(w);
        return data;
    }

    [Theory]
    [MemberData(nameof(Widths1To32))]
    public void Every_width_round_trips_values_using_the_top_bit(int width)
    {
        var max = width == 32 ? uint.MaxValue : (1u << width) - 1;
        var top = 1u << (width - 1);
        var random = new Random(width);
        // Literal stretch (odd length so the last group is padded), then runs of the max and of the top bit.
        var values = new List<int>();
        for (var i = 0; i < 37; i++) values.Add((int)(((uint)random.NextInt64(0, (long)max + 1)) | (i % 3 == 0 ? top : 0)));
        values.AddRange(Enumerable.Repeat((int)max, 9));
        values.AddRange(Enumerable.Repeat((int)top, 13));
        values.Add((int)max);
        values.Add(0);
        var array = values.ToArray();

        var bytes = Capture(w => RleBitPackedHybrid.Encode(array, width, w));
        var decoded = new int[array.Length];
        Assert.Equal(bytes.Length, RleBitPackedHybrid.Decode(bytes, width, decoded));
        Assert.Equal(array, decoded);
    }

    [Fact]
    public void Width_zero_encodes_zeros_as_a_run_without_value_bytes()
    {
        var values = new int[50];
        var bytes = Capture(w => RleBitPackedHybrid.Encode(values, 0, w));
        Assert.Equal(new byte[] { 100 }, bytes);
        var decoded = Enumerable.Repeat(9, 50).ToArray();
        Assert.Equal(1, RleBitPackedHybrid.Decode(bytes, 0, decoded));
        Assert.All(decoded, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Random_data_round_trips_for_many_lengths()
    {
        var random = new Random(42);
        for (var n = 0; n < 300; n += 7)
        {
            var values = Enumerable.Range(0, n).Select(_ => random.Next(1000)).ToArray();
            var bytes = Capture(w => RleBitPackedHybrid.Encode(values, 10, w));
            var decoded = new int[n];
            Assert.Equal(bytes.Length, RleBitPackedHybrid.Decode(bytes, 10, decoded));
            Assert.Equal(values, decoded);
        }
    }

    [Fact]
    public void A_run_longer_than_requested_is_clamped_and_fully_consumed()
    {
        byte[] bytes = [0xC8, 0x01, 0x05]; // RLE 100 x 5
        var decoded = new int[10];
        Assert.Equal(3, RleBitPackedHybrid.Decode(bytes, 3, decoded));
        Assert.All(decoded, v => Assert.Equal(5, v));
    }

    [Fact]
    public void A_bit_packed_run_missing_only_padding_bytes_decodes_the_values_asked_for()
    {
        // Header claims 1 group (8 values, 3 bytes at width 3) but we ask for 2 values, which need 1 byte.
        byte[] bytes = [0x03, 0x88];
        var decoded = new int[2];
        Assert.Equal(2, RleBitPackedHybrid.Decode(bytes, 3, decoded));
        Assert.Equal(new[] { 0, 1 }, decoded);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(-1)]
    public void Bit_width_outside_0_to_32_is_rejected(int width)
    {
        var ex = Assert.Throws<ParquetFormatException>(() => RleBitPackedHybrid.Decode([0x02, 0x01], width, new int[1]));
        Assert.Contains("bit width", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RLE_value_wider_than_the_bit_width_is_rejected_with_position()
    {
        var ex = Assert.Throws<ParquetFormatException>(() => RleBitPackedHybrid.Decode([0x02, 0x05, 0x02, 0x09], 3, new int[2]));
        Assert.Contains("at byte 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_for_a_non_empty_request_is_truncated()
    {
        Assert.Throws<ParquetFormatException>(() => RleBitPackedHybrid.Decode([], 1, new int[1]));
        Assert.Equal(0, RleBitPackedHybrid.Decode([], 1, Span<int>.Empty));
    }

    [Fact]
    public void Truncations_decode_what_is_asked_or_throw_format_errors()
    {
        var random = new Random(3);
        int[] values = [.. Enumerable.Range(0, 40).Select(_ => random.Next(32)), .. Enumerable.Repeat(3, 30), 1, 2];
        var bytes = Capture(w => RleBitPackedHybrid.Encode(values, 5, w));
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            var decoded = new int[values.Length];
            if (DecodesOrRejects(() => RleBitPackedHybrid.Decode(prefix, 5, decoded), $"prefix {length}"))
                Assert.Equal(values, decoded); // only padding was cut
        }
    }

    [Fact]
    public void Mutations_only_throw_format_errors()
    {
        var random = new Random(5);
        int[] values = [.. Enumerable.Range(0, 100).Select(_ => random.Next(1 << 12)), .. Enumerable.Repeat(77, 50)];
        var bytes = Capture(w => RleBitPackedHybrid.Encode(values, 12, w));
        var output = new int[values.Length];
        MutationsOnlyThrowFormatErrors(bytes, b => RleBitPackedHybrid.Decode(b, 12, output));
        MutationsOnlyThrowFormatErrors(bytes, b => RleBitPackedHybrid.Decode(b, b.Length > 0 ? b[0] % 40 : 0, output), 99);
    }
}
