using System.Numerics;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// The RLE/bit-packing hybrid (encoding RLE = 3), used for definition and repetition levels, dictionary indices and
/// RLE booleans. This type handles only the run sequence: no 4-byte length prefix and no bit-width byte, which the page
/// layer adds where the format asks for them.
/// </summary>
public static class RleBitPackedHybrid
{
    /// <summary>Repeats at least this long become RLE runs; shorter stretches are bit-packed.</summary>
    private const int MinRleRun = 8;

    /// <summary>Bits needed to store <paramref name="maxValue"/> (0 for 0).</summary>
    public static int BitWidth(ulong maxValue) => 64 - BitOperations.LeadingZeroCount(maxValue);

    /// <summary>
    /// Encodes <paramref name="values"/> with <paramref name="bitWidth"/> bits each (0..32). Repeats of 8 or more become
    /// RLE runs, everything else bit-packed groups of 8; the final group is padded with zeros (the reader decodes only
    /// the count it knows). Values are masked to <paramref name="bitWidth"/> bits; the caller ensures they fit.
    /// </summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(bitWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitWidth, 32);
        var n = values.Length;
        var literalStart = 0;
        var i = 0;
        while (i < n)
        {
            var v = values[i];
            var j = i + 1;
            if (j < n && values[j] == v)
            {
                var k = values[j..].IndexOfAnyExcept(v);
                j = k < 0 ? n : j + k;
            }

            var run = j - i;
            if (run >= MinRleRun)
            {
                // Literals before the run must fill whole groups of 8: borrow the padding from the run.
                var literal = i - literalStart;
                var pad = (8 - (literal & 7)) & 7;
                if (run - pad >= MinRleRun)
                {
                    if (literal > 0) WriteBitPacked(values.Slice(literalStart, literal + pad), bitWidth, output);
                    i += pad;
                    run -= pad;
                    WriteRle(v, run, bitWidth, output);
                    i += run;
                    literalStart = i;
                    continue;
                }
            }

            i = j;
        }

        if (n > literalStart) WriteBitPacked(values[literalStart..], bitWidth, output);
    }

    private static void WriteRle(int value, int run, int bitWidth, PooledBufferWriter output)
    {
        output.WriteVarUInt64((ulong)(uint)run << 1);
        var bytes = (bitWidth + 7) >> 3;
        var v = bitWidth == 32 ? (uint)value : (uint)value & ((1u << bitWidth) - 1);
        for (var b = 0; b < bytes; b++)
        {
            output.WriteByte((byte)v);
            v >>= 8;
        }
    }

    private static void WriteBitPacked(ReadOnlySpan<int> values, int bitWidth, PooledBufferWriter output)
    {
        var groups = (values.Length + 7) >> 3;
        output.WriteVarUInt64(((ulong)(uint)groups << 1) | 1);
        var span = output.Allocate(groups * bitWidth);
        var packed = (int)BitPacking.PackedLength(values.Length, bitWidth);
        BitPacking.Pack32(values, bitWidth, span);
        span[packed..].Clear(); // zero padding of the last group (the rented buffer is not zeroed)
    }

    /// <summary>
    /// Decodes exactly <c>output.Length</c> values of <paramref name="bitWidth"/> bits (0..32) and returns the bytes
    /// consumed. A run longer than what is still asked for is clamped; a bit-packed run whose trailing padding bytes
    /// are missing is accepted as long as the values asked for are present.
    /// </summary>
    /// <exception cref="ParquetFormatException">The width is out of range or the input is truncated or malformed.</exception>
    public static int Decode(ReadOnlySpan<byte> input, int bitWidth, Span<int> output)
    {
        if ((uint)bitWidth > 32) ParquetThrow.Corrupt($"RLE/bit-packed bit width {bitWidth} is outside 0..32");
        var n = output.Length;
        var valueBytes = (bitWidth + 7) >> 3;
        var pos = 0;
        var done = 0;
        while (done < n)
        {
            var headerPos = pos;
            if (pos >= input.Length) ParquetThrow.TruncatedAt("RLE/bit-packed run header", pos, 1, 0);
            var header = VarIntReader.ReadUInt32(input, ref pos, "RLE/bit-packed run header");
            var remaining = n - done;
            if ((header & 1) == 0)
            {
                var runLength = header >> 1;
                if (input.Length - pos < valueBytes)
                    ParquetThrow.TruncatedAt("RLE run value", pos, valueBytes, input.Length - pos);
                uint value = 0;
                for (var b = 0; b < valueBytes; b++) value |= (uint)input[pos + b] << (8 * b);
                pos += valueBytes;
                if (bitWidth < 32 && (value >> bitWidth) != 0)
                    ParquetThrow.CorruptAt($"RLE run value {value} does not fit in {bitWidth} bits", headerPos);
                var take = (int)Math.Min(runLength, (uint)remaining);
                output.Slice(done, take).Fill((int)value);
                done += take;
            }
            else
            {
                long groups = header >> 1;
                var take = (int)Math.Min(groups * 8, remaining);
                var needed = BitPacking.PackedLength(take, bitWidth);
                var available = input.Length - pos;
                if (needed > available) ParquetThrow.TruncatedAt("bit-packed run", pos, needed, available);
                var runBytes = (int)Math.Min(groups * bitWidth, available);
                BitPacking.Unpack32(input.Slice(pos, runBytes), bitWidth, output.Slice(done, take));
                pos += runBytes;
                done += take;
            }
        }

        return pos;
    }
}
