using System.Runtime.InteropServices;

namespace Archiver.Store.Tests.Parquet.Compression;

/// <summary>The reference LZ4 library, used only by tests as an independent check of our block codec.</summary>
internal static unsafe partial class Lz4Oracle
{
    private const string Library = "liblz4.so.1";

    [LibraryImport(Library)]
    private static partial int LZ4_compressBound(int inputSize);

    [LibraryImport(Library)]
    private static partial int LZ4_compress_default(byte* src, byte* dst, int srcSize, int dstCapacity);

    [LibraryImport(Library)]
    private static partial int LZ4_decompress_safe(byte* src, byte* dst, int compressedSize, int dstCapacity);

    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        var dest = new byte[LZ4_compressBound(input.Length)];
        int written;
        fixed (byte* s = input)
        fixed (byte* d = dest)
        {
            written = LZ4_compress_default(s, d, input.Length, dest.Length);
        }

        Assert.True(written > 0, "liblz4 failed to compress");
        return dest[..written];
    }

    /// <summary>Returns the decoded bytes, or null if liblz4 reports the block as malformed.</summary>
    public static byte[]? Decompress(ReadOnlySpan<byte> block, int capacity)
    {
        var dest = new byte[capacity];
        int written;
        fixed (byte* s = block)
        fixed (byte* d = dest)
        {
            written = LZ4_decompress_safe(s, d, block.Length, capacity);
        }

        return written < 0 ? null : dest[..written];
    }
}
