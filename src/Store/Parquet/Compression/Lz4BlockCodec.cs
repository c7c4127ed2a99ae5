using System.Numerics;
using System.Runtime.CompilerServices;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// The LZ4 block format (Parquet's LZ4_RAW): sequences of a token, literals, a 2-byte little-endian offset and a match
/// length, ending with a literal-only sequence. The compressor is a greedy hash matcher that keeps the format's end
/// rules (the last 5 bytes are literals and no match starts within the last 12 bytes). The decoder checks every
/// length, extension byte and offset against the input and output before it copies.
/// </summary>
internal static unsafe class Lz4BlockCodec
{
    private const int MinMatch = 4;
    private const int LastLiterals = 5;
    private const int MatchFindLimit = 12;
    private const int MaxOffset = 65535;
    private const int TableBits = 14;

    [ThreadStatic]
    private static int[]? t_table;

    /// <summary>Upper bound of the compressed size of <paramref name="length"/> input bytes.</summary>
    public static int MaxCompressedLength(int length) => checked(length + (length / 255) + 16);

    public static int Compress(ReadOnlySpan<byte> input, PooledBufferWriter output)
    {
        var dest = output.GetSpan(MaxCompressedLength(input.Length));
        var written = Compress(input, dest);
        output.Advance(written);
        return written;
    }

    /// <summary>Compresses into <paramref name="dest"/>, which must hold <see cref="MaxCompressedLength"/> bytes.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> dest)
    {
        if (dest.Length < MaxCompressedLength(input.Length)) throw new ArgumentException("Destination is smaller than the compression bound.", nameof(dest));
        var table = t_table ??= new int[1 << TableBits];
        fixed (byte* src = input)
        fixed (byte* dst = dest)
        fixed (int* tab = table)
        {
            return (int)(CompressCore(src, input.Length, dst, tab) - dst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint bytes) => (bytes * 2654435761u) >> (32 - TableBits);

    private static byte* CompressCore(byte* input, int length, byte* op, int* table)
    {
        var anchor = input;
        if (length < MatchFindLimit + 1) return EmitLastLiterals(op, anchor, length);

        new Span<int>(table, 1 << TableBits).Fill(-1);
        var end = input + length;
        var matchFindLimit = end - MatchFindLimit;
        var matchLimit = end - LastLiterals;
        table[Hash(Unsafe.ReadUnaligned<uint>(input))] = 0;
        var ip = input + 1;

        while (true)
        {
            // Find a match, stepping faster through input that keeps failing to match.
            byte* match;
            var attempts = 1u << 6;
            while (true)
            {
                if (ip > matchFindLimit) return EmitLastLiterals(op, anchor, (int)(end - anchor));
                var word = Unsafe.ReadUnaligned<uint>(ip);
                var h = Hash(word);
                var candidate = table[h];
                var position = (int)(ip - input);
                table[h] = position;
                if (candidate >= 0 && position - candidate <= MaxOffset && Unsafe.ReadUnaligned<uint>(input + candidate) == word)
                {
                    match = input + candidate;
                    break;
                }

                ip += attempts++ >> 6;
            }

            // Extend backwards over literals that also match.
            while (ip > anchor && match > input && ip[-1] == match[-1])
            {
                ip--;
                match--;
            }

            var matchLength = MinMatch + LzCopy.MatchLength(match + MinMatch, ip + MinMatch, matchLimit);
            op = EmitSequence(op, anchor, (int)(ip - anchor), (int)(ip - match), matchLength);
            ip += matchLength;
            anchor = ip;
            if (ip > matchFindLimit) return EmitLastLiterals(op, anchor, (int)(end - anchor));
            table[Hash(Unsafe.ReadUnaligned<uint>(ip - 2))] = (int)(ip - 2 - input);
        }
    }


    private static byte* EmitSequence(byte* op, byte* literals, int literalLength, int offset, int matchLength)
    {
        var token = op++;
        var ml = matchLength - MinMatch;
        var tokenValue = (Math.Min(literalLength, 15) << 4) | Math.Min(ml, 15);
        *token = (byte)tokenValue;
        if (literalLength >= 15) op = WriteLengthExtension(op, literalLength - 15);
        Buffer.MemoryCopy(literals, op, literalLength, literalLength);
        op += literalLength;
        *op++ = (byte)offset;
        *op++ = (byte)(offset >> 8);
        if (ml >= 15) op = WriteLengthExtension(op, ml - 15);
        return op;
    }

    private static byte* EmitLastLiterals(byte* op, byte* literals, int literalLength)
    {
        *op++ = (byte)(Math.Min(literalLength, 15) << 4);
        if (literalLength >= 15) op = WriteLengthExtension(op, literalLength - 15);
        Buffer.MemoryCopy(literals, op, literalLength, literalLength);
        return op + literalLength;
    }

    private static byte* WriteLengthExtension(byte* op, int remaining)
    {
        while (remaining >= 255)
        {
            *op++ = 255;
            remaining -= 255;
        }

        *op++ = (byte)remaining;
        return op;
    }

    /// <summary>Decodes one block that must fill <paramref name="output"/> exactly; throws on anything else.</summary>
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = TryDecompress(input, output, out var error);
        if (error is not null) ParquetThrow.Corrupt("lz4: " + error);
        if (written != output.Length) ParquetThrow.Corrupt($"lz4: block produced {written} bytes, page header declares {output.Length}");
    }

    /// <summary>
    /// Decodes one block into the start of <paramref name="output"/> and returns the bytes produced; on malformed input
    /// returns -1 and says why in <paramref name="error"/>. Never reads or writes outside the two spans.
    /// </summary>
    public static int TryDecompress(ReadOnlySpan<byte> input, Span<byte> output, out string? error)
    {
        error = null;
        if (input.IsEmpty)
        {
            error = "empty block";
            return -1;
        }

        fixed (byte* inStart = input)
        fixed (byte* outStart = output)
        {
            var ip = inStart;
            var inEnd = inStart + input.Length;
            var op = outStart;
            var outEnd = outStart + output.Length;
            while (true)
            {
                if (ip >= inEnd)
                {
                    error = "block ends without a final literal run";
                    return -1;
                }

                uint token = *ip++;

                // Literals.
                nuint literalLength = token >> 4;
                if (literalLength == 15 && !ReadLengthExtension(ref ip, inEnd, ref literalLength))
                {
                    error = "truncated literal length";
                    return -1;
                }

                if ((nuint)(inEnd - ip) < literalLength)
                {
                    error = "literals run past the end of the input";
                    return -1;
                }

                if ((nuint)(outEnd - op) < literalLength)
                {
                    error = "literals run past the end of the output";
                    return -1;
                }

                if (literalLength <= 16 && inEnd - ip >= 16 && outEnd - op >= 16)
                {
                    Unsafe.CopyBlockUnaligned(op, ip, 16);
                }
                else
                {
                    Buffer.MemoryCopy(ip, op, literalLength, literalLength);
                }

                ip += literalLength;
                op += literalLength;
                if (ip == inEnd) return (int)(op - outStart);

                // Match.
                if (inEnd - ip < 2)
                {
                    error = "truncated match offset";
                    return -1;
                }

                var offset = ip[0] | (ip[1] << 8);
                ip += 2;
                if (offset == 0)
                {
                    error = "match offset 0";
                    return -1;
                }

                if (offset > op - outStart)
                {
                    error = "match offset before the start of the output";
                    return -1;
                }

                nuint matchLength = token & 15;
                if (matchLength == 15 && !ReadLengthExtension(ref ip, inEnd, ref matchLength))
                {
                    error = "truncated match length";
                    return -1;
                }

                matchLength += MinMatch;
                if ((nuint)(outEnd - op) < matchLength)
                {
                    error = "match runs past the end of the output";
                    return -1;
                }

                if (offset >= 8 && matchLength <= 16 && outEnd - op >= 16)
                {
                    // Short match from at least 8 back: two 8-byte moves, the second may read what the first wrote.
                    var src = op - offset;
                    Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(src));
                    Unsafe.WriteUnaligned(op + 8, Unsafe.ReadUnaligned<ulong>(src + 8));
                }
                else
                {
                    LzCopy.Copy(op, offset, (int)matchLength, outEnd);
                }

                op += matchLength;
            }
        }
    }

    /// <summary>Adds 255-extension bytes to <paramref name="length"/>; false if the input ends inside them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadLengthExtension(ref byte* ip, byte* inEnd, ref nuint length)
    {
        while (true)
        {
            if (ip >= inEnd) return false;
            uint b = *ip++;
            length += b;
            if (b != 255) return true;
        }
    }
}
