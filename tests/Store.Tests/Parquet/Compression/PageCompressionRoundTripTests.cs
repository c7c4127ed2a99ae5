using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Compression;

public class PageCompressionRoundTripTests
{
    public static readonly CompressionCodec[] WritableCodecs =
    [
        CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Gzip, CompressionCodec.Brotli,
        CompressionCodec.Zstd, CompressionCodec.Lz4Raw, CompressionCodec.Lz4,
    ];

    public static TheoryData<CompressionCodec, string> CodecsAndInputs()
    {
        var data = new TheoryData<CompressionCodec, string>();
        foreach (var codec in WritableCodecs)
        {
            foreach (var kind in CompressionTestData.Kinds) data.Add(codec, kind);
        }

        return data;
    }

    public static TheoryData<CompressionCodec> Codecs() => new(WritableCodecs);

    [Theory]
    [MemberData(nameof(CodecsAndInputs))]
    public void Compress_then_decompress_returns_the_original_bytes(CompressionCodec codec, string kind)
    {
        var input = CompressionTestData.ByKind(kind);
        using var output = new PooledBufferWriter();
        output.Write("prefix"u8);
        var length = PageCompression.Compress(codec, input, output);
        Assert.Equal(output.Length - 6, length);
        Assert.Equal("prefix"u8.ToArray(), output.WrittenSpan[..6].ToArray());

        var restored = new byte[input.Length];
        PageCompression.Decompress(codec, output.WrittenSpan[6..], restored);
        Assert.Equal(input, restored);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Repetitive_and_tick_data_get_smaller_and_random_data_grows_only_by_the_codec_overhead(CompressionCodec codec)
    {
        using var output = new PooledBufferWriter();
        var repetitive = PageCompression.Compress(codec, CompressionTestData.Repetitive(1 << 20), output);
        output.Clear();
        var ticks = PageCompression.Compress(codec, CompressionTestData.Ticks(1 << 20, 23), output);
        output.Clear();
        var random = PageCompression.Compress(codec, CompressionTestData.Random(1 << 20, 17), output);
        if (codec == CompressionCodec.Uncompressed)
        {
            Assert.Equal(1 << 20, repetitive);
            return;
        }

        Assert.True(repetitive < (1 << 20) / 20, $"repetitive compressed to {repetitive}");
        Assert.True(ticks < (1 << 20) * 3 / 4, $"ticks compressed to {ticks}");
        Assert.True(random <= (1 << 20) + (1 << 20) / 100, $"random compressed to {random}");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Output_span_shorter_than_the_content_is_rejected(CompressionCodec codec)
    {
        var input = CompressionTestData.Ticks(10_000, 5);
        using var output = new PooledBufferWriter();
        PageCompression.Compress(codec, input, output);
        var compressed = output.WrittenSpan.ToArray();
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(codec, compressed, new byte[input.Length - 1]));
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(codec, compressed, new byte[1]));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Output_span_longer_than_the_content_is_rejected(CompressionCodec codec)
    {
        var input = CompressionTestData.Ticks(10_000, 5);
        using var output = new PooledBufferWriter();
        PageCompression.Compress(codec, input, output);
        var compressed = output.WrittenSpan.ToArray();
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(codec, compressed, new byte[input.Length + 1]));
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(codec, compressed, new byte[input.Length * 2]));
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip, 1)]
    [InlineData(CompressionCodec.Gzip, 9)]
    [InlineData(CompressionCodec.Brotli, 1)]
    [InlineData(CompressionCodec.Brotli, 11)]
    [InlineData(CompressionCodec.Zstd, 1)]
    [InlineData(CompressionCodec.Zstd, 19)]
    [InlineData(CompressionCodec.Zstd, -5)]
    public void Explicit_levels_round_trip_and_higher_levels_are_not_larger(CompressionCodec codec, int level)
    {
        var input = CompressionTestData.Ticks(200_000, 9);
        using var output = new PooledBufferWriter();
        var length = PageCompression.Compress(codec, input, output, level);
        var restored = new byte[input.Length];
        PageCompression.Decompress(codec, output.WrittenSpan, restored);
        Assert.Equal(input, restored);

        output.Clear();
        var fastest = PageCompression.Compress(codec, input, output, level: 1);
        if (level > 1) Assert.True(length <= fastest, $"level {level}: {length} bytes, level 1: {fastest} bytes");
    }

    [Fact]
    public void Codec_support_is_reported_per_codec()
    {
        foreach (var codec in WritableCodecs)
        {
            Assert.True(PageCompression.CanCompress(codec), codec.ToString());
            Assert.True(PageCompression.CanDecompress(codec), codec.ToString());
        }

        Assert.False(PageCompression.CanCompress(CompressionCodec.Lzo));
        Assert.False(PageCompression.CanDecompress(CompressionCodec.Lzo));
        Assert.False(PageCompression.CanDecompress((CompressionCodec)99));
    }

    [Fact]
    public void Lzo_is_reported_as_unsupported_format()
    {
        var e = Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(CompressionCodec.Lzo, [1, 2, 3], new byte[10]));
        Assert.Equal("unsupported: LZO compression", e.Message);
        using var output = new PooledBufferWriter();
        Assert.Throws<NotSupportedException>(() => PageCompression.Compress(CompressionCodec.Lzo, [1, 2, 3], output));
    }

    [Fact]
    public void Unknown_codec_number_is_reported_as_unsupported_format()
    {
        var e = Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress((CompressionCodec)42, [1, 2, 3], new byte[3]));
        Assert.Equal("unsupported: compression codec 42", e.Message);
    }

    [Fact]
    public void Uncompressed_page_must_match_the_declared_size()
    {
        var restored = new byte[3];
        PageCompression.Decompress(CompressionCodec.Uncompressed, [7, 8, 9], restored);
        Assert.Equal(new byte[] { 7, 8, 9 }, restored);
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(CompressionCodec.Uncompressed, [7, 8, 9], new byte[4]));
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(CompressionCodec.Uncompressed, [7, 8, 9], new byte[2]));
    }

    [Fact]
    public void Compression_into_a_reused_writer_allocates_nothing_for_snappy_lz4_and_zstd()
    {
        var input = CompressionTestData.Ticks(1 << 16, 3);
        var restored = new byte[input.Length];
        using var output = new PooledBufferWriter(1 << 18);
        foreach (var codec in new[] { CompressionCodec.Snappy, CompressionCodec.Lz4Raw, CompressionCodec.Zstd })
        {
            output.Clear();
            PageCompression.Compress(codec, input, output);
            PageCompression.Decompress(codec, output.WrittenSpan, restored);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                output.Clear();
                PageCompression.Compress(codec, input, output);
                PageCompression.Decompress(codec, output.WrittenSpan, restored);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
