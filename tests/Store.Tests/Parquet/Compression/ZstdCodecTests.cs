using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Compression;

public class ZstdCodecTests
{
    [Fact]
    public void Zstd_pages_are_zstd_frames_with_the_frame_magic()
    {
        var data = CompressionTestData.Ticks(100_000, 1);
        using var writer = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Zstd, data, writer);
        Assert.Equal(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, writer.WrittenSpan[..4].ToArray());
    }

    [Fact]
    public void Concatenated_zstd_frames_decode_as_one_page()
    {
        var a = CompressionTestData.Ticks(5000, 1);
        var b = CompressionTestData.Random(3000, 2);
        using var writer = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Zstd, a, writer);
        PageCompression.Compress(CompressionCodec.Zstd, b, writer, level: 9);
        var output = new byte[8000];
        PageCompression.Decompress(CompressionCodec.Zstd, writer.WrittenSpan, output);
        Assert.Equal(a.Concat(b).ToArray(), output);
    }

    [Fact]
    public void Decoding_on_many_threads_at_once_uses_separate_contexts_and_stays_correct()
    {
        var data = CompressionTestData.Ticks(200_000, 3);
        using var writer = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Zstd, data, writer);
        var compressed = writer.WrittenSpan.ToArray();
        Parallel.For(0, 16, _ =>
        {
            var output = new byte[data.Length];
            PageCompression.Decompress(CompressionCodec.Zstd, compressed, output);
            Assert.Equal(data, output);
            using var again = new PooledBufferWriter();
            PageCompression.Compress(CompressionCodec.Zstd, data, again);
            Assert.Equal(compressed, again.WrittenSpan.ToArray());
        });
    }

    [Fact]
    public void Corrupt_frame_reports_the_zstd_error_name()
    {
        var e = Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(CompressionCodec.Zstd, [0x28, 0xB5, 0x2F, 0xFD, 0xFF, 0xFF], new byte[10]));
        Assert.StartsWith("zstd: ", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length > "zstd: ".Length);
    }

    [Fact]
    public void Missing_library_gives_one_clear_NotSupportedException()
    {
        var e = Assert.Throws<NotSupportedException>(() => ZstdNative.EnsureAvailable("libzstd-that-does-not-exist.so.9"));
        Assert.Equal("ZSTD needs the system library libzstd.so.1, which was not found (Debian/Ubuntu: apt-get install libzstd1)", e.Message);
        ZstdNative.EnsureAvailable(ZstdNative.LibraryName);
        Assert.True(ZstdNative.IsAvailable);
    }
}
