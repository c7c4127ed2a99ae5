using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// The pieces shared by the snappy and LZ4 codecs: the compressors' match length and the decoders' back-reference
/// copy. For <see cref="Copy"/>: The caller has already checked that the offset is
/// at least 1 and within the bytes written so far, and that the length fits in the output. The fast paths copy in
/// 8-byte steps and may write up to 7 bytes past the match, but only when that slack is inside the output.
/// </summary>
internal static unsafe class LzCopy
{
    /// <summary>Length of the common prefix of <paramref name="a"/> (earlier) and <paramref name="b"/>, up to <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MatchLength(byte* a, byte* b, byte* limit)
    {
        var start = b;
        while (b <= limit - 8)
        {
            var diff = Unsafe.ReadUnaligned<ulong>(a) ^ Unsafe.ReadUnaligned<ulong>(b);
            if (diff != 0) return (int)(b - start) + (System.Numerics.BitOperations.TrailingZeroCount(diff) >> 3);
            a += 8;
            b += 8;
        }

        while (b < limit && *a == *b)
        {
            a++;
            b++;
        }

        return (int)(b - start);
    }

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
