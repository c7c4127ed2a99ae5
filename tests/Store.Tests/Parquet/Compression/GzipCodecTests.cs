using System.IO.Compression;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Compression;

public class GzipCodecTests
{
    [Fact]
    public void Gzip_written_by_a_plain_GZipStream_decodes()
    {
        var data = CompressionTestData.Ticks(300_000, 6);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(data);
        var output = new byte[data.Length];
        PageCompression.Decompress(CompressionCodec.Gzip, buffer.ToArray(), output);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Our_gzip_has_the_gzip_magic_and_decodes_with_a_plain_GZipStream()
    {
        var data = CompressionTestData.Ticks(300_000, 7);
        using var writer = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Gzip, data, writer);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, writer.WrittenSpan[..2].ToArray());
        using var gzip = new GZipStream(new MemoryStream(writer.WrittenSpan.ToArray()), CompressionMode.Decompress);
        using var restored = new MemoryStream();
        gzip.CopyTo(restored);
        Assert.Equal(data, restored.ToArray());
    }

    [Fact]
    public void Concatenated_gzip_members_decode_as_one_page()
    {
        var a = CompressionTestData.Ticks(5000, 1);
        var b = CompressionTestData.Random(3000, 2);
        using var writer = new PooledBufferWriter();
        PageCompression.Compress(CompressionCodec.Gzip, a, writer);
        PageCompression.Compress(CompressionCodec.Gzip, b, writer);
        var output = new byte[8000];
        PageCompression.Decompress(CompressionCodec.Gzip, writer.WrittenSpan, output);
        Assert.Equal(a.Concat(b).ToArray(), output);
    }

    [Fact]
    public void Zlib_stream_without_the_gzip_header_is_also_accepted()
    {
        var data = CompressionTestData.Ticks(50_000, 8);
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(data);
        var output = new byte[data.Length];
        PageCompression.Decompress(CompressionCodec.Gzip, buffer.ToArray(), output);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Garbage_is_rejected_as_a_format_error()
    {
        byte[] garbage = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(CompressionCodec.Gzip, garbage, new byte[100]));
    }
}
