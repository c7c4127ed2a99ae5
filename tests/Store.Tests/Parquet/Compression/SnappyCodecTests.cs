using System.Text;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Compression;

public class SnappyCodecTests
{
    private static byte[] Decode(byte[] block, int length)
    {
        var output = new byte[length];
        PageCompression.Decompress(CompressionCodec.Snappy, block, output);
        return output;
    }

    [Fact]
    public void Literal_only_block_decodes_to_its_bytes()
    {
        byte[] block = [5, (5 - 1) << 2, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];
        Assert.Equal("hello"u8.ToArray(), Decode(block, 5));
    }

    [Fact]
    public void Copy_with_offset_1_repeats_the_previous_byte_as_a_run()
    {
        // 'a' then a 1-byte-offset copy of length 9 at distance 1.
        byte[] block = [10, 0x00, (byte)'a', 1 | ((9 - 4) << 2), 1];
        Assert.Equal(Enumerable.Repeat((byte)'a', 10).ToArray(), Decode(block, 10));
    }

    [Fact]
    public void Two_byte_offset_copy_of_64_repeats_a_3_byte_pattern()
    {
        byte[] block = [67, (3 - 1) << 2, (byte)'a', (byte)'b', (byte)'c', 2 | (63 << 2), 3, 0];
        var expected = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc", 23))[..67]);
        Assert.Equal(expected, Decode(block, 67));
    }

    [Fact]
    public void Four_byte_offset_copy_reaches_back_past_64_KiB()
    {
        var literal = CompressionTestData.Random(70_000, 4);
        var block = new List<byte>();
        var total = 70_000 + 10;
        block.AddRange([(byte)(total | 0x80), (byte)((total >> 7) | 0x80), (byte)(total >> 14)]);
        block.Add(62 << 2); // literal, 3-byte length follows
        var n = literal.Length - 1;
        block.AddRange([(byte)n, (byte)(n >> 8), (byte)(n >> 16)]);
        block.AddRange(literal);
        block.Add(3 | ((10 - 1) << 2));
        block.AddRange(BitConverter.GetBytes(70_000));
        var output = Decode([.. block], total);
        Assert.Equal(literal, output[..70_000]);
        Assert.Equal(literal[..10], output[70_000..]);
    }

    [Fact]
    public void Literal_lengths_with_one_and_two_extra_length_bytes_decode()
    {
        var a = CompressionTestData.Random(100, 1);
        var b = CompressionTestData.Random(300, 2);
        var block = new List<byte> { 0x90, 0x03 }; // 400
        block.AddRange([60 << 2, 99]);
        block.AddRange(a);
        block.AddRange([61 << 2, 299 & 0xFF, 299 >> 8]);
        block.AddRange(b);
        Assert.Equal(a.Concat(b).ToArray(), Decode([.. block], 400));
    }

    [Theory]
    [InlineData(new byte[] { 4, 0x00, 1, 1 | (0 << 2), 0 }, "offset 0")]
    [InlineData(new byte[] { 5, 0x00, 1, 1 | (0 << 2), 2 }, "before the start")]
    [InlineData(new byte[] { 5, 0x10, 1, 2 }, "past the end of the input")]
    [InlineData(new byte[] { 1, 0x04, 1, 2 }, "past the end of the output")]
    [InlineData(new byte[] { 9, 0x00, 1, 1 | (7 << 2), 1 }, "past the end of the output")]
    [InlineData(new byte[] { 3, 0x00, 1 }, "block ends after 1 of 3")]
    [InlineData(new byte[] { 3, 0x00, 1, 0x02, 1 }, "truncated copy")]
    [InlineData(new byte[] { 3, 60 << 2 }, "truncated literal length")]
    public void Malformed_blocks_are_rejected_with_the_reason(byte[] block, string reason)
    {
        var e = Assert.Throws<ParquetFormatException>(() => Decode(block, block[0]));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_length_different_from_the_page_header_is_rejected_before_decoding()
    {
        var e = Assert.Throws<ParquetFormatException>(() => Decode([5, 0x10, 1, 2, 3, 4, 5], 6));
        Assert.Contains("declares 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_varint_longer_than_five_bytes_or_over_int_range_is_rejected()
    {
        Assert.Throws<ParquetFormatException>(() => Decode([0x80, 0x80, 0x80, 0x80, 0x80, 0x01], 0));
        Assert.Throws<ParquetFormatException>(() => Decode([0xFF, 0xFF, 0xFF, 0xFF, 0x0F], 0));
        Assert.Throws<ParquetFormatException>(() => Decode([0x80], 0));
    }

    [Theory]
    [InlineData("ticks 1 MB")]
    [InlineData("repetitive 1 MB")]
    [InlineData("random 1 MB")]
    [InlineData("one byte")]
    [InlineData("empty")]
    public void Our_blocks_decode_with_IronSnappy_and_IronSnappy_blocks_decode_with_ours(string kind)
    {
        var input = CompressionTestData.ByKind(kind);
        using var output = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Snappy, input, output);
        Assert.Equal(input, IronSnappy.Snappy.Decode(output.WrittenSpan));

        var theirs = IronSnappy.Snappy.Encode(input);
        Assert.Equal(input, Decode(theirs, input.Length));
    }

    [Fact]
    public void Text_with_short_repeats_round_trips_and_uses_one_byte_offset_copies()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"AAPL,{i % 97},{i % 13};")));
        using var output = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Snappy, text, output);
        Assert.True(output.Length < text.Length / 2, $"{output.Length} of {text.Length}");
        Assert.Equal(text, Decode(output.WrittenSpan.ToArray(), text.Length));
    }
}
