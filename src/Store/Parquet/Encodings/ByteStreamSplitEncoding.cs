using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// BYTE_STREAM_SPLIT (9): byte k of every value goes to stream k; the streams are concatenated. Works for any element
/// width (2 for FLOAT16, 4, 8, or a FIXED_LEN_BYTE_ARRAY width) with vectorised paths for widths 4 and 8. The byte
/// order inside a value is the little-endian file order; the typed helpers convert on big-endian machines.
/// </summary>
public static class ByteStreamSplitEncoding
{
    /// <summary>
    /// Splits <paramref name="values"/> (N values of <paramref name="width"/> bytes) into <paramref name="output"/>
    /// (same length).
    /// </summary>
    public static void Encode(ReadOnlySpan<byte> values, int width, Span<byte> output)
    {
        var n = CheckArgs(values.Length, width, output.Length);
        if (n == 0) return;
        switch (width)
        {
            case 4:
                Encode4(values, output, n);
                break;
            case 8:
                Encode8(values, output, n);
                break;
            default:
                for (var i = 0; i < n; i++)
                {
                    var value = values.Slice(i * width, width);
                    for (var s = 0; s < width; s++) output[(s * n) + i] = value[s];
                }

                break;
        }
    }

    /// <summary>
    /// Joins the streams in <paramref name="input"/> back into values of <paramref name="width"/> bytes.
    /// <c>input.Length</c> must equal <c>output.Length</c> (a multiple of the width): the stream length is derived
    /// from it.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> input, int width, Span<byte> output)
    {
        var n = CheckArgs(input.Length, width, output.Length);
        if (n == 0) return;
        switch (width)
        {
            case 4:
                Decode4(input, output, n);
                break;
            case 8:
                Decode8(input, output, n);
                break;
            default:
                for (var i = 0; i < n; i++)
                {
                    var value = output.Slice(i * width, width);
                    for (var s = 0; s < width; s++) value[s] = input[(s * n) + i];
                }

                break;
        }
    }

    // ------------------------------------------------------------ typed helpers

    public static void Encode(ReadOnlySpan<float> values, PooledBufferWriter output) =>
        EncodeTyped(MemoryMarshal.AsBytes(values), 4, output);

    public static void Encode(ReadOnlySpan<double> values, PooledBufferWriter output) =>
        EncodeTyped(MemoryMarshal.AsBytes(values), 8, output);

    public static void Encode(ReadOnlySpan<int> values, PooledBufferWriter output) =>
        EncodeTyped(MemoryMarshal.AsBytes(values), 4, output);

    public static void Encode(ReadOnlySpan<long> values, PooledBufferWriter output) =>
        EncodeTyped(MemoryMarshal.AsBytes(values), 8, output);

    /// <summary>Decodes <c>output.Length</c> values (the page's value count); returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<float> output) =>
        DecodeTyped(input, MemoryMarshal.AsBytes(output), 4);

    public static int Decode(ReadOnlySpan<byte> input, Span<double> output) =>
        DecodeTyped(input, MemoryMarshal.AsBytes(output), 8);

    public static int Decode(ReadOnlySpan<byte> input, Span<int> output) =>
        DecodeTyped(input, MemoryMarshal.AsBytes(output), 4);

    public static int Decode(ReadOnlySpan<byte> input, Span<long> output) =>
        DecodeTyped(input, MemoryMarshal.AsBytes(output), 8);

    /// <summary>
    /// Encodes in-memory values; <paramref name="bytes"/> is their native layout, which is the little-endian file layout
    /// on little-endian machines. On big-endian machines each value is reversed first.
    /// </summary>
    private static void EncodeTyped(ReadOnlySpan<byte> bytes, int width, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var dst = output.Allocate(bytes.Length);
        if (BitConverter.IsLittleEndian)
        {
            Encode(bytes, width, dst);
            return;
        }

        var tmp = ArrayPool<byte>.Shared.Rent(bytes.Length);
        try
        {
            bytes.CopyTo(tmp);
            ReverseEach(tmp.AsSpan(0, bytes.Length), width);
            Encode(tmp.AsSpan(0, bytes.Length), width, dst);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tmp);
        }
    }

    private static int DecodeTyped(ReadOnlySpan<byte> input, Span<byte> output, int width)
    {
        if (output.Length > input.Length)
            ParquetThrow.TruncatedAt("BYTE_STREAM_SPLIT values", 0, output.Length, input.Length);
        Decode(input[..output.Length], width, output);
        if (!BitConverter.IsLittleEndian) ReverseEach(output, width);
        return output.Length;
    }

    private static void ReverseEach(Span<byte> bytes, int width)
    {
        for (var i = 0; i < bytes.Length; i += width) bytes.Slice(i, width).Reverse();
    }

    private static int CheckArgs(int length, int width, int outputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (length % width != 0) throw new ArgumentException($"Length {length} is not a multiple of width {width}.");
        if (outputLength != length) throw new ArgumentException("Output length must equal input length.");
        return length / width;
    }

    // ------------------------------------------------------------ width 4

    /// <summary>Byte order that turns 4 values of 4 bytes into 4 lanes of "byte k of each value".</summary>
    private static Vector128<byte> Transpose4x4 =>
        Vector128.Create((byte)0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);

    private static void Encode4(ReadOnlySpan<byte> values, Span<byte> output, int n)
    {
        ref var src = ref MemoryMarshal.GetReference(values);
        ref var s0 = ref MemoryMarshal.GetReference(output);
        ref var s1 = ref Unsafe.Add(ref s0, n);
        ref var s2 = ref Unsafe.Add(ref s1, n);
        ref var s3 = ref Unsafe.Add(ref s2, n);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var shuffle = Transpose4x4;
            for (; i + 4 <= n; i += 4)
            {
                // Lanes are written as raw 4-byte groups, so the machine's byte order does not matter here.
                var v = Vector128.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(i * 4)), shuffle).AsUInt32();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref s0, i), v.GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref s1, i), v.GetElement(1));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref s2, i), v.GetElement(2));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref s3, i), v.GetElement(3));
            }
        }

        for (; i < n; i++)
        {
            ref var v = ref Unsafe.Add(ref src, i * 4);
            Unsafe.Add(ref s0, i) = v;
            Unsafe.Add(ref s1, i) = Unsafe.Add(ref v, 1);
            Unsafe.Add(ref s2, i) = Unsafe.Add(ref v, 2);
            Unsafe.Add(ref s3, i) = Unsafe.Add(ref v, 3);
        }
    }

    private static void Decode4(ReadOnlySpan<byte> input, Span<byte> output, int n)
    {
        ref var dst = ref MemoryMarshal.GetReference(output);
        ref var s0 = ref MemoryMarshal.GetReference(input);
        ref var s1 = ref Unsafe.Add(ref s0, n);
        ref var s2 = ref Unsafe.Add(ref s1, n);
        ref var s3 = ref Unsafe.Add(ref s2, n);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var shuffle = Transpose4x4; // the 4x4 byte transpose is its own inverse
            for (; i + 4 <= n; i += 4)
            {
                var v = Vector128.Create(
                    Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s0, i)),
                    Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s1, i)),
                    Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s2, i)),
                    Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref s3, i))).AsByte();
                Vector128.Shuffle(v, shuffle).StoreUnsafe(ref dst, (nuint)(i * 4));
            }
        }

        for (; i < n; i++)
        {
            ref var v = ref Unsafe.Add(ref dst, i * 4);
            v = Unsafe.Add(ref s0, i);
            Unsafe.Add(ref v, 1) = Unsafe.Add(ref s1, i);
            Unsafe.Add(ref v, 2) = Unsafe.Add(ref s2, i);
            Unsafe.Add(ref v, 3) = Unsafe.Add(ref s3, i);
        }
    }

    // ------------------------------------------------------------ width 8

    /// <summary>Byte order that turns 2 values of 8 bytes into 8 two-byte lanes of "byte k of each value".</summary>
    private static Vector128<byte> Transpose2x8 =>
        Vector128.Create((byte)0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);

    private static void Encode8(ReadOnlySpan<byte> values, Span<byte> output, int n)
    {
        ref var src = ref MemoryMarshal.GetReference(values);
        ref var dst = ref MemoryMarshal.GetReference(output);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var shuffle = Transpose2x8;
            for (; i + 2 <= n; i += 2)
            {
                var v = Vector128.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(i * 8)), shuffle).AsUInt16();
                for (var s = 0; s < 8; s++)
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, (s * n) + i), v.GetElement(s));
            }
        }

        for (; i < n; i++)
        {
            for (var s = 0; s < 8; s++) Unsafe.Add(ref dst, (s * n) + i) = Unsafe.Add(ref src, (i * 8) + s);
        }
    }

    private static void Decode8(ReadOnlySpan<byte> input, Span<byte> output, int n)
    {
        ref var src = ref MemoryMarshal.GetReference(input);
        ref var dst = ref MemoryMarshal.GetReference(output);
        var i = 0;
        for (; i + 2 <= n; i += 2)
        {
            // Gather two bytes per stream (values i and i+1), then interleave them into two 8-byte values.
            ulong even = 0, odd = 0;
            for (var s = 0; s < 8; s++)
            {
                ref var p = ref Unsafe.Add(ref src, (s * n) + i);
                even |= (ulong)p << (8 * s);
                odd |= (ulong)Unsafe.Add(ref p, 1) << (8 * s);
            }

            // 'even'/'odd' hold value bytes in little-endian significance order.
            BinaryPrimitives.WriteUInt64LittleEndian(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dst, i * 8), 8), even);
            BinaryPrimitives.WriteUInt64LittleEndian(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dst, (i + 1) * 8), 8), odd);
        }

        for (; i < n; i++)
        {
            for (var s = 0; s < 8; s++) Unsafe.Add(ref dst, (i * 8) + s) = Unsafe.Add(ref src, (s * n) + i);
        }
    }
}
