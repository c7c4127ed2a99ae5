using System.Buffers.Binary;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Compression;

public class Lz4HadoopCodecTests
{
    private static byte[] Frame(byte[] uncompressed)
    {
        var block = Lz4Oracle.Compress(uncompressed);
        var frame = new byte[8 + block.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, uncompressed.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), block.Length);
        block.CopyTo(frame, 8);
        return frame;
    }

    [Fact]
    public void Several_hadoop_frames_decode_one_after_another()
    {
        var a = CompressionTestData.Ticks(30_000, 1);
        var b = CompressionTestData.Ticks(20_000, 2);
        byte[] input = [.. Frame(a), .. Frame(b)];
        var output = new byte[50_000];
        PageCompression.Decompress(CompressionCodec.Lz4, input, output);
        Assert.Equal(a.Concat(b).ToArray(), output);
    }

    [Fact]
    public void Bare_lz4_block_is_accepted_when_the_hadoop_framing_does_not_fit()
    {
        var data = CompressionTestData.Ticks(40_000, 3);
        var output = new byte[data.Length];
        PageCompression.Decompress(CompressionCodec.Lz4, Lz4Oracle.Compress(data), output);
        Assert.Equal(data, output);
    }

    [Fact]
    public void Our_lz4_pages_are_one_hadoop_frame_around_an_lz4_block()
    {
        var data = CompressionTestData.Ticks(40_000, 4);
        using var writer = new PooledBufferWriter();
        var length = PageCompression.Compress(CompressionCodec.Lz4, data, writer);
        var page = writer.WrittenSpan;
        Assert.Equal(data.Length, BinaryPrimitives.ReadInt32BigEndian(page));
        Assert.Equal(length - 8, BinaryPrimitives.ReadInt32BigEndian(page[4..]));
        Assert.Equal(data, Lz4Oracle.Decompress(page[8..], data.Length));
    }

    [Fact]
    public void Frame_declaring_more_than_the_page_is_rejected()
    {
        var data = CompressionTestData.Ticks(1000, 5);
        Assert.Throws<ParquetFormatException>(() => PageCompression.Decompress(CompressionCodec.Lz4, Frame(data), new byte[999]));
    }
}
