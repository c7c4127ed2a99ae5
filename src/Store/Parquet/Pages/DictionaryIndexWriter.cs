using Archiver.Store.Parquet.Encodings;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Pages;

/// <summary>
/// Writes the dictionary indices of a data page: a bit-width byte, then the RLE/bit-packed hybrid. When the page will
/// be compressed, the width is rounded up to whole bytes: a compressor finds repeats in byte-aligned indices that
/// it cannot see at odd widths (on depth-20 book data this makes price and size columns about a fifth smaller).
/// Any width at least as large as needed is valid, so every reader reads it.
/// </summary>
internal static class DictionaryIndexWriter
{
    public static void Write(ReadOnlySpan<int> indices, int dictionaryCount, bool byteAligned, PooledBufferWriter output)
    {
        var width = RleBitPackedHybrid.BitWidth((ulong)Math.Max(0, dictionaryCount - 1));
        if (byteAligned && width > 0) width = (width + 7) & ~7;
        output.WriteByte((byte)width);
        RleBitPackedHybrid.Encode(indices, width, output);
    }
}
