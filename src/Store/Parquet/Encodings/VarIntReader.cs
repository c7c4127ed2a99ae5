using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// Bounds-checked ULEB128 and zigzag readers for run headers and delta headers. Every read checks the input first and
/// throws <see cref="ParquetFormatException"/> (with the byte position) on a truncated or over-long varint.
/// </summary>
internal static class VarIntReader
{
    /// <summary>Reads an unsigned LEB128 value of at most 64 bits, advancing <paramref name="pos"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64(ReadOnlySpan<byte> input, ref int pos, string what)
    {
        var p = pos;
        if ((uint)p < (uint)input.Length)
        {
            var b = input[p];
            if (b < 0x80)
            {
                pos = p + 1;
                return b;
            }
        }

        return ReadUInt64Slow(input, ref pos, what);
    }

    private static ulong ReadUInt64Slow(ReadOnlySpan<byte> input, ref int pos, string what)
    {
        var start = pos;
        var p = pos;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if ((uint)p >= (uint)input.Length) ParquetThrow.TruncatedAt(what, start, p - start + 1, input.Length - start);
            var b = input[p++];
            if (shift == 63 && b > 1) ParquetThrow.CorruptAt($"{what}: varint exceeds 64 bits", start);
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                pos = p;
                return result;
            }
        }

        ParquetThrow.CorruptAt($"{what}: varint longer than 10 bytes", start);
        return 0;
    }

    /// <summary>Reads an unsigned LEB128 value that must fit in 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ReadOnlySpan<byte> input, ref int pos, string what)
    {
        var start = pos;
        var v = ReadUInt64(input, ref pos, what);
        if (v > uint.MaxValue) ParquetThrow.CorruptAt($"{what}: value {v} exceeds 32 bits", start);
        return (uint)v;
    }

    /// <summary>Reads a zigzag-encoded signed LEB128 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadZigZag64(ReadOnlySpan<byte> input, ref int pos, string what)
    {
        var v = ReadUInt64(input, ref pos, what);
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}
