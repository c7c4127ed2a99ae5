using System.IO.Compression;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Compression;

/// <summary>Brotli through the BCL's span-based <see cref="BrotliEncoder"/> and <see cref="BrotliDecoder"/>.</summary>
internal static class BrotliCodec
{
    /// <summary>Quality 4 is the BCL's "optimal" setting: far faster than the maximum, close in size for page data.</summary>
    public const int DefaultQuality = 4;

    private const int Window = 22;

    public static int Compress(ReadOnlySpan<byte> input, PooledBufferWriter output, int level)
    {
        var quality = level == 0 ? DefaultQuality : Math.Clamp(level, 0, 11);
        var dest = output.GetSpan(BrotliEncoder.GetMaxCompressedLength(input.Length));
        if (!BrotliEncoder.TryCompress(input, dest, out var written, quality, Window)) throw new InvalidOperationException("brotli compression failed.");
        output.Advance(written);
        return written;
    }

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (!BrotliDecoder.TryDecompress(input, output, out var written))
        {
            ParquetThrow.Corrupt($"brotli: data is corrupt or holds more than the {output.Length} bytes the page header declares");
        }

        if (written != output.Length) ParquetThrow.Corrupt($"brotli: data holds {written} bytes, page header declares {output.Length}");
    }
}
