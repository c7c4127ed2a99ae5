using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// Snappy raw block format (no framing): a varint of the uncompressed length followed by literal and copy elements.
/// The compressor is a greedy single-probe hash matcher over 64 KiB fragments with a per-thread table, so a call
/// allocates nothing. The decompressor checks every length and offset against the input and the output before it
/// touches memory, so hostile input can only produce a <see cref="ParquetFormatException"/>.
/// </summary>
internal static unsafe class SnappyCodec
{
    private const int FragmentSize = 1 << 16;
    private const int MaxTableBits = 14;
    private const int MinTableBits = 8;

    /// <summary>Bytes at the end of a fragment that the matcher never starts a probe in (it reads 8 bytes ahead).</summary>
    private const int InputMargin = 15;

    [ThreadStatic]
    private static ushort[]? t_table;

    /// <summary>Upper bound of the compressed size of <paramref name="length"/> input bytes.</summary>
    public static int MaxCompressedLength(int length) => checked(32 + length + (length / 6));

    public static int Compress(ReadOnlySpan<byte> input, PooledBufferWriter output)
    {
        var bound = MaxCompressedLength(input.Length);
        var dest = output.GetSpan(bound);
        var written = Compress(input, dest);
        output.Advance(written);
        return written;
    }

    /// <summary>Compresses into <paramref name="dest"/>, which must hold <see cref="MaxCompressedLength"/> bytes.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> dest)
    {
        if (dest.Length < MaxCompressedLength(input.Length)) throw new ArgumentException("Destination is smaller than the compression bound.", nameof(dest));
        var table = t_table ??= new ushort[1 << MaxTableBits];
        fixed (byte* src = input)
        fixed (byte* dst = dest)
        fixed (ushort* tab = table)
        {
            var op = dst;
            var n = (uint)input.Length;
            while (n >= 0x80)
            {
                *op++ = (byte)(n | 0x80);
                n >>= 7;
            }

            *op++ = (byte)n;

            var pos = 0;
            while (pos < input.Length)
            {
                var len = Math.Min(input.Length - pos, FragmentSize);
                op = CompressFragment(src + pos, len, op, tab);
                pos += len;
            }

            return (int)(op - dst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint bytes, int shift) => (bytes * 0x1E35A7BDu) >> shift;

    private static byte* CompressFragment(byte* input, int length, byte* op, ushort* table)
    {
        var tableBits = MinTableBits;
        while (tableBits < MaxTableBits && (1 << tableBits) < length) tableBits++;
        var shift = 32 - tableBits;
        new Span<ushort>(table, 1 << tableBits).Clear();

        var end = input + length;
        var nextEmit = input;
        if (length < InputMargin) return EmitLiteral(op, nextEmit, (int)(end - nextEmit));

        var ipLimit = end - InputMargin;
        var ip = input + 1;
        var nextHash = Hash(Unsafe.ReadUnaligned<uint>(ip), shift);
        while (true)
        {
            // Probe forward, skipping faster the longer no match turns up (incompressible data costs little).
            var skip = 32u;
            var nextIp = ip;
            byte* candidate;
            do
            {
                ip = nextIp;
                var hash = nextHash;
                nextIp = ip + (skip++ >> 5);
                if (nextIp > ipLimit) return EmitLiteral(op, nextEmit, (int)(end - nextEmit));
                nextHash = Hash(Unsafe.ReadUnaligned<uint>(nextIp), shift);
                candidate = input + table[hash];
                table[hash] = (ushort)(ip - input);
            }
            while (Unsafe.ReadUnaligned<uint>(ip) != Unsafe.ReadUnaligned<uint>(candidate));

            op = EmitLiteral(op, nextEmit, (int)(ip - nextEmit));

            // Emit copies for as long as the byte right after each match starts another match.
            uint currentWord;
            do
            {
                var matchStart = ip;
                var matched = 4 + LzCopy.MatchLength(candidate + 4, ip + 4, end);
                ip += matched;
                op = EmitCopy(op, (int)(matchStart - candidate), matched);
                nextEmit = ip;
                if (ip >= ipLimit) return EmitLiteral(op, nextEmit, (int)(end - nextEmit));

                var before = Hash(Unsafe.ReadUnaligned<uint>(ip - 1), shift);
                table[before] = (ushort)(ip - 1 - input);
                currentWord = Unsafe.ReadUnaligned<uint>(ip);
                var here = Hash(currentWord, shift);
                candidate = input + table[here];
                table[here] = (ushort)(ip - input);
            }
            while (currentWord == Unsafe.ReadUnaligned<uint>(candidate));

            ip++;
            nextHash = Hash(Unsafe.ReadUnaligned<uint>(ip), shift);
        }
    }


    private static byte* EmitLiteral(byte* op, byte* literal, int length)
    {
        if (length == 0) return op;
        var n = (uint)(length - 1);
        if (n < 60)
        {
            *op++ = (byte)(n << 2);
        }
        else
        {
            var count = n < (1u << 8) ? 1 : n < (1u << 16) ? 2 : n < (1u << 24) ? 3 : 4;
            *op++ = (byte)((59 + count) << 2);
            for (var i = 0; i < count; i++) *op++ = (byte)(n >> (8 * i));
        }

        Buffer.MemoryCopy(literal, op, length, length);
        return op + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* EmitCopy(byte* op, int offset, int length)
    {
        // Offsets stay below 64 KiB because matches never leave their fragment.
        while (length >= 68)
        {
            op = EmitCopy2(op, offset, 64);
            length -= 64;
        }

        if (length > 64)
        {
            op = EmitCopy2(op, offset, 60);
            length -= 60;
        }

        if (length < 12 && offset < 2048)
        {
            *op++ = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            *op++ = (byte)offset;
            return op;
        }

        return EmitCopy2(op, offset, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* EmitCopy2(byte* op, int offset, int length)
    {
        *op = (byte)(2 | ((length - 1) << 2));
        Unsafe.WriteUnaligned(op + 1, BitConverter.IsLittleEndian ? (ushort)offset : BinaryPrimitives.ReverseEndianness((ushort)offset));
        return op + 3;
    }

    /// <summary>Reads the declared uncompressed length, or returns -1 if the varint is malformed or over int range.</summary>
    public static long ReadUncompressedLength(ReadOnlySpan<byte> input, out int headerLength)
    {
        ulong value = 0;
        for (var i = 0; i < 5 && i < input.Length; i++)
        {
            var b = input[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                headerLength = i + 1;
                return value > int.MaxValue ? -1 : (long)value;
            }
        }

        headerLength = 0;
        return -1;
    }

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var declared = ReadUncompressedLength(input, out var header);
        if (declared < 0) ParquetThrow.Corrupt("snappy: malformed uncompressed length");
        if (declared != output.Length) ParquetThrow.Corrupt($"snappy: block declares {declared} uncompressed bytes, page header declares {output.Length}");
        var error = DecompressBody(input[header..], output);
        if (error is not null) ParquetThrow.Corrupt("snappy: " + error);
    }

    /// <summary>Decodes the elements after the length preamble; returns null on success or what is wrong.</summary>
    private static string? DecompressBody(ReadOnlySpan<byte> input, Span<byte> output)
    {
        fixed (byte* inStart = input)
        fixed (byte* outStart = output)
        {
            var ip = inStart;
            var inEnd = inStart + input.Length;
            var op = outStart;
            var outEnd = outStart + output.Length;
            while (ip < inEnd)
            {
                uint tag = *ip++;
                nuint length;
                nuint offset;
                if ((tag & 3) == 0)
                {
                    length = (tag >> 2) + 1;
                    if (length > 60)
                    {
                        var extra = (int)length - 60;
                        if (inEnd - ip < extra) return "truncated literal length";
                        length = 0;
                        for (var i = 0; i < extra; i++) length |= (nuint)ip[i] << (8 * i);
                        length += 1;
                        ip += extra;
                    }

                    if ((nuint)(inEnd - ip) < length) return "literal runs past the end of the input";
                    if ((nuint)(outEnd - op) < length) return "literal runs past the end of the output";
                    if (length <= 16 && inEnd - ip >= 16 && outEnd - op >= 16)
                    {
                        Unsafe.CopyBlockUnaligned(op, ip, 16);
                    }
                    else
                    {
                        Buffer.MemoryCopy(ip, op, length, length);
                    }

                    ip += length;
                    op += length;
                    continue;
                }

                if ((tag & 3) == 1)
                {
                    if (ip >= inEnd) return "truncated copy";
                    length = ((tag >> 2) & 7) + 4;
                    offset = ((tag >> 5) << 8) | *ip++;
                }
                else if ((tag & 3) == 2)
                {
                    if (inEnd - ip < 2) return "truncated copy";
                    length = (tag >> 2) + 1;
                    offset = Unsafe.ReadUnaligned<ushort>(ip);
                    if (!BitConverter.IsLittleEndian) offset = BinaryPrimitives.ReverseEndianness((ushort)offset);
                    ip += 2;
                }
                else
                {
                    if (inEnd - ip < 4) return "truncated copy";
                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(ip, 4));
                    ip += 4;
                }

                if (offset == 0) return "copy offset 0";
                if (offset > (nuint)(op - outStart)) return "copy offset before the start of the output";
                if (length > (nuint)(outEnd - op)) return "copy runs past the end of the output";
                if (offset >= 8 && length <= 16 && outEnd - op >= 16)
                {
                    // Short copy from at least 8 back: two 8-byte moves, the second may read what the first wrote.
                    var src = op - offset;
                    Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(src));
                    Unsafe.WriteUnaligned(op + 8, Unsafe.ReadUnaligned<ulong>(src + 8));
                }
                else
                {
                    LzCopy.Copy(op, (int)offset, (int)length, outEnd);
                }

                op += length;
            }

            return op == outEnd ? null : $"block ends after {op - outStart} of {output.Length} declared bytes";
        }
    }
}
