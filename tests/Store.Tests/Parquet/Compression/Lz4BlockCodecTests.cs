using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Compression;

public class Lz4BlockCodecTests
{
    private static byte[] Decode(byte[] block, int length)
    {
        var output = new byte[length];
        PageCompression.Decompress(CompressionCodec.Lz4Raw, block, output);
        return output;
    }

    private static byte[] Encode(byte[] input)
    {
        using var output = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Lz4Raw, input, output);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void Literal_only_block_decodes_to_its_bytes()
    {
        Assert.Equal("hello"u8.ToArray(), Decode([0x50, .. "hello"u8], 5));
    }

    [Fact]
    public void Match_with_offset_1_repeats_the_previous_byte_then_final_literals_follow()
    {
        // 1 literal 'a', match of 4 + 5 = 9 at distance 1, then the literal-only sequence "end".
        byte[] block = [0x15, (byte)'a', 1, 0, 0x30, (byte)'e', (byte)'n', (byte)'d'];
        Assert.Equal("aaaaaaaaaaend"u8.ToArray(), Decode(block, 13));
    }

    [Fact]
    public void Overlapping_match_with_offset_3_repeats_a_pattern()
    {
        byte[] block = [0x3F, (byte)'x', (byte)'y', (byte)'z', 3, 0, 20, 0x00];
        var expected = string.Concat(Enumerable.Repeat("xyz", 20))[..(3 + 4 + 15 + 20)];
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(expected), Decode(block, expected.Length));
    }

    [Fact]
    public void Lengths_with_255_extension_bytes_decode()
    {
        // One sequence: 15 + 255 + 10 = 280 literals, then a match of 4 + 15 + 255 + 5 = 279 at distance 1; then an
        // empty final literal run.
        var literals = CompressionTestData.Random(280, 8);
        var block = new List<byte> { 0xFF, 0xFF, 10 };
        block.AddRange(literals);
        block.AddRange([1, 0, 0xFF, 5, 0x00]);
        var output = Decode([.. block], 280 + 279);
        Assert.Equal(literals, output[..280]);
        Assert.All(output[280..], b => Assert.Equal(literals[279], b));
    }

    [Theory]
    [InlineData(new byte[] { 0x14, 1, 0, 0, 0x00 }, 9, "offset 0")]
    [InlineData(new byte[] { 0x14, 1, 2, 0, 0x00 }, 9, "before the start")]
    [InlineData(new byte[] { 0x1F, 1, 1, 0, 0xFF }, 600, "truncated match length")]
    [InlineData(new byte[] { 0xF0, 0xFF }, 600, "truncated literal length")]
    [InlineData(new byte[] { 0x50, 1, 2 }, 5, "past the end of the input")]
    [InlineData(new byte[] { 0x50, 1, 2, 3, 4, 5 }, 4, "past the end of the output")]
    [InlineData(new byte[] { 0x15, 1, 1, 0, 0x00 }, 8, "past the end of the output")]
    [InlineData(new byte[] { 0x14, 1, 1, 0 }, 9, "without a final literal run")]
    [InlineData(new byte[] { 0x10, 1, 1 }, 9, "truncated match offset")]
    [InlineData(new byte[0], 1, "empty block")]
    public void Malformed_blocks_are_rejected_with_the_reason(byte[] block, int length, string reason)
    {
        var e = Assert.Throws<ParquetFormatException>(() => Decode(block, length));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ticks 1 MB")]
    [InlineData("ticks 100 KB odd length")]
    [InlineData("repetitive 1 MB")]
    [InlineData("random 1 MB")]
    [InlineData("one byte")]
    [InlineData("empty")]
    public void Our_blocks_decode_with_liblz4(string kind)
    {
        var input = CompressionTestData.ByKind(kind);
        var block = Encode(input);
        Assert.Equal(input, Lz4Oracle.Decompress(block, input.Length));
    }

    [Theory]
    [InlineData("ticks 1 MB")]
    [InlineData("ticks 100 KB odd length")]
    [InlineData("repetitive 1 MB")]
    [InlineData("random 1 MB")]
    [InlineData("one byte")]
    [InlineData("empty")]
    public void Liblz4_blocks_decode_with_ours(string kind)
    {
        var input = CompressionTestData.ByKind(kind);
        Assert.Equal(input, Decode(Lz4Oracle.Compress(input), input.Length));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(70_000)]
    public void Our_blocks_keep_the_end_of_block_rules(int length)
    {
        // All-equal input makes the compressor match as far as it is allowed to.
        var input = new byte[length];
        var block = Encode(input);
        var (lastMatchStart, lastLiterals) = WalkSequences(block);
        Assert.True(lastLiterals >= Math.Min(5, length), $"last literal run {lastLiterals}");
        if (lastMatchStart >= 0) Assert.True(lastMatchStart <= length - 12, $"last match starts at {lastMatchStart} of {length}");
        Assert.Equal(input, Lz4Oracle.Decompress(block, length));
    }

    /// <summary>Parses a well-formed block: where the last match starts and how long the final literal run is.</summary>
    private static (int LastMatchStart, int LastLiterals) WalkSequences(byte[] block)
    {
        int ip = 0, op = 0, lastMatch = -1;
        while (true)
        {
            var token = block[ip++];
            var literals = token >> 4;
            if (literals == 15)
            {
                byte b;
                do literals += b = block[ip++];
                while (b == 255);
            }

            ip += literals;
            op += literals;
            if (ip == block.Length) return (lastMatch, literals);
            ip += 2;
            var match = token & 15;
            if (match == 15)
            {
                byte b;
                do match += b = block[ip++];
                while (b == 255);
            }

            lastMatch = op;
            op += match + 4;
        }
    }
}
