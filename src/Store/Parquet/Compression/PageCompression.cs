using Archiver.Store.Parquet.IO;
using System.IO.Compression;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// The one entry point the page reader and writer use to compress and decompress page bodies, whatever the codec.
/// Decompression is always into a span of exactly the uncompressed size the page header declares (the page layer
/// checks that size against <see cref="ParquetLimits.MaxPageBytes"/>), and every codec rejects data that decodes to
/// more or fewer bytes. Corrupt or hostile input only ever surfaces as <see cref="ParquetFormatException"/>.
/// </summary>
public static class PageCompression
{
    /// <summary>Appends the compressed form of input to output and returns its length. level 0 = the codec's default.</summary>
    /// <exception cref="NotSupportedException">The codec cannot be written (LZO), or ZSTD's system library is missing.</exception>
    public static int Compress(CompressionCodec codec, ReadOnlySpan<byte> input, PooledBufferWriter output, int level = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                output.Write(input);
                return input.Length;
            case CompressionCodec.Snappy:
                return SnappyCodec.Compress(input, output);
            case CompressionCodec.Gzip:
                return GzipCodec.Compress(input, output, level);
            case CompressionCodec.Brotli:
                return BrotliCodec.Compress(input, output, level);
            case CompressionCodec.Zstd:
                return ZstdCodec.Compress(input, output, level);
            case CompressionCodec.Lz4Raw:
                return Lz4BlockCodec.Compress(input, output);
            case CompressionCodec.Lz4:
                return Lz4HadoopCodec.Compress(input, output);
            default:
                throw new NotSupportedException($"Compression codec {codec} cannot be written.");
        }
    }

    /// <summary>
    /// Decompresses input into output, whose length is the uncompressed size declared by the page header.
    /// Throws ParquetFormatException if input is corrupt or does not produce exactly output.Length bytes.
    /// </summary>
    /// <exception cref="ParquetFormatException">The data is corrupt, the wrong size, or uses an unsupported codec.</exception>
    /// <exception cref="NotSupportedException">ZSTD data and the system library libzstd.so.1 is missing.</exception>
    public static void Decompress(CompressionCodec codec, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // An empty page stored as zero bytes is unambiguous whatever the codec (some writers skip the codec for it).
        if (input.IsEmpty && output.IsEmpty && codec != CompressionCodec.Lzo) return;
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                if (input.Length != output.Length) ParquetThrow.Corrupt($"uncompressed page holds {input.Length} bytes, page header declares {output.Length}");
                input.CopyTo(output);
                return;
            case CompressionCodec.Snappy:
                SnappyCodec.Decompress(input, output);
                return;
            case CompressionCodec.Gzip:
                GzipCodec.Decompress(input, output);
                return;
            case CompressionCodec.Brotli:
                BrotliCodec.Decompress(input, output);
                return;
            case CompressionCodec.Zstd:
                ZstdCodec.Decompress(input, output);
                return;
            case CompressionCodec.Lz4Raw:
                Lz4BlockCodec.Decompress(input, output);
                return;
            case CompressionCodec.Lz4:
                Lz4HadoopCodec.Decompress(input, output);
                return;
            case CompressionCodec.Lzo:
                ParquetThrow.Unsupported("LZO compression");
                return;
            default:
                ParquetThrow.Unsupported($"compression codec {(int)codec}");
                return;
        }
    }

    /// <summary>True if <see cref="Compress"/> can write <paramref name="codec"/> on this machine.</summary>
    public static bool CanCompress(CompressionCodec codec) => codec switch
    {
        CompressionCodec.Uncompressed or CompressionCodec.Snappy or CompressionCodec.Gzip or CompressionCodec.Brotli
            or CompressionCodec.Lz4Raw or CompressionCodec.Lz4 => true,
        CompressionCodec.Zstd => ZstdNative.IsAvailable,
        _ => false,
    };

    /// <summary>True if <see cref="Decompress"/> can read <paramref name="codec"/> on this machine.</summary>
    public static bool CanDecompress(CompressionCodec codec) => CanCompress(codec);

    /// <summary>Upper bound of the compressed size for <paramref name="length"/> input bytes, where the codec has one.</summary>
    public static int MaxCompressedLength(CompressionCodec codec, int length) => codec switch
    {
        CompressionCodec.Uncompressed => length,
        CompressionCodec.Snappy => SnappyCodec.MaxCompressedLength(length),
        CompressionCodec.Lz4Raw => Lz4BlockCodec.MaxCompressedLength(length),
        CompressionCodec.Lz4 => Lz4HadoopCodec.MaxCompressedLength(length),
        CompressionCodec.Brotli => BrotliEncoder.GetMaxCompressedLength(length),
        _ => throw new NotSupportedException($"No fixed compression bound for {codec}."),
    };
}
