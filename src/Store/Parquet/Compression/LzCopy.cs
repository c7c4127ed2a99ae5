using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// The back-reference copy shared by the snappy and LZ4 decoders. The caller has already checked that the offset is
/// at least 1 and within the bytes written so far, and that the length fits in the output. The fast paths copy in
/// 8-byte steps and may write up to 7 bytes past the match, but only when that slack is inside the output.
/// </summary>
internal static unsafe class LzCopy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(byte* op, int offset, int length, byte* outEnd)
    {
        var src = op - offset;
        var end = op + length;
        if (outEnd - end < 8)
        {
            // Near the end of the output: exact byte copy, which also handles any overlap.
            for (var i = 0; i < length; i++) op[i] = src[i];
            return;
        }

        if (offset >= 8)
        {
            // Each 8-byte read lies wholly before the position it is written to.
            do
            {
                Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(src));
                op += 8;
                src += 8;
            }
            while (op < end);
            return;
        }

        CopyShortOffset(op, offset, end);
    }

    private static void CopyShortOffset(byte* op, int offset, byte* end)
    {
        // The output repeats with period `offset`. Copy byte by byte until the period region is at least 8 bytes wide,
        // then copy 8 bytes at a time from a distance that is a multiple of the period.
        var distance = offset;
        while (distance < 8) distance += offset;
        var src = op - offset;
        var warm = distance - offset;
        for (var i = 0; i < warm && op < end; i++) *op++ = *src++;
        src = op - distance;
        while (op < end)
        {
            Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(src));
            op += 8;
            src += 8;
        }
    }
}
