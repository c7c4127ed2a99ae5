using System.Numerics;
using System.Runtime.InteropServices;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// DELTA_BINARY_PACKED (5) for INT32 and INT64. The writer uses blocks of 128 values split into 4 miniblocks of 32.
/// All arithmetic wraps in two's complement; INT32 deltas are taken in 32 bits so no miniblock is wider than 32 bits.
/// </summary>
public static class DeltaBinaryPackedEncoding
{
    private const int BlockSize = 128;
    private const int Miniblocks = 4;
    private const int MiniblockSize = BlockSize / Miniblocks;

    public static void Encode(ReadOnlySpan<long> values, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(values.Length, values.IsEmpty ? 0 : values[0], output);
        if (values.Length <= 1) return;
        Span<ulong> deltas = stackalloc ulong[BlockSize];
        var prev = values[0];
        for (var start = 1; start < values.Length; start += BlockSize)
        {
            var m = Math.Min(BlockSize, values.Length - start);
            var block = values.Slice(start, m);
            var min = long.MaxValue;
            for (var k = 0; k < block.Length; k++)
            {
                var d = unchecked(block[k] - prev);
                prev = block[k];
                deltas[k] = (ulong)d;
                if (d < min) min = d;
            }

            for (var k = 0; k < m; k++) deltas[k] -= (ulong)min;
            WriteBlock(deltas, m, min, output);
        }
    }

    public static void Encode(ReadOnlySpan<int> values, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(values.Length, values.IsEmpty ? 0 : values[0], output);
        if (values.Length <= 1) return;
        Span<ulong> deltas = stackalloc ulong[BlockSize];
        var prev = values[0];
        for (var start = 1; start < values.Length; start += BlockSize)
        {
            var m = Math.Min(BlockSize, values.Length - start);
            var block = values.Slice(start, m);
            var min = int.MaxValue;
            for (var k = 0; k < block.Length; k++)
            {
                var d = unchecked(block[k] - prev);
                prev = block[k];
                deltas[k] = (uint)d;
                if (d < min) min = d;
            }

            // 32-bit wrapping subtraction keeps every relative delta within 32 bits.
            for (var k = 0; k < m; k++) deltas[k] = unchecked((uint)((int)(uint)deltas[k] - min));
            WriteBlock(deltas, m, min, output);
        }
    }

    private static void WriteHeader(int count, long first, PooledBufferWriter output)
    {
        output.WriteVarUInt64(BlockSize);
        output.WriteVarUInt64(Miniblocks);
        output.WriteVarUInt64((ulong)count);
        output.WriteVarInt64(first);
    }

    /// <summary>Writes one block: min delta, 4 width bytes, then the used miniblocks (the last padded with zeros).</summary>
    private static void WriteBlock(Span<ulong> relative, int count, long minDelta, PooledBufferWriter output)
    {
        relative[count..].Clear();
        output.WriteVarInt64(minDelta);
        var used = (count + MiniblockSize - 1) / MiniblockSize;
        Span<byte> widths = stackalloc byte[Miniblocks];
        for (var mb = 0; mb < used; mb++)
        {
            ulong or = 0;
            foreach (var d in relative.Slice(mb * MiniblockSize, MiniblockSize)) or |= d;
            widths[mb] = (byte)(64 - BitOperations.LeadingZeroCount(or));
        }

        output.Write(widths);
        for (var mb = 0; mb < used; mb++)
        {
            int w = widths[mb];
            if (w == 0) continue;
            BitPacking.Pack64(relative.Slice(mb * MiniblockSize, MiniblockSize), w, output.Allocate(MiniblockSize / 8 * w));
        }
    }

    /// <summary>The total value count announced by the header.</summary>
    public static int PeekCount(ReadOnlySpan<byte> input) => new DeltaBinaryPackedReader(input).TotalCount;

    /// <summary>
    /// Decodes all values into the start of <paramref name="output"/>; returns the header's value count, which must not
    /// exceed <c>output.Length</c>. <paramref name="bytesConsumed"/> is the length of the encoding.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<long> output, out int bytesConsumed)
    {
        var reader = new DeltaBinaryPackedReader(input);
        var count = CheckCount(reader.TotalCount, output.Length);
        reader.Read(MemoryMarshal.Cast<long, ulong>(output[..count]));
        bytesConsumed = reader.Position;
        return count;
    }

    /// <summary>As the INT64 overload, with 32-bit wrapping arithmetic.</summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<int> output, out int bytesConsumed)
    {
        var reader = new DeltaBinaryPackedReader(input);
        var count = CheckCount(reader.TotalCount, output.Length);
        Span<ulong> chunk = stackalloc ulong[256];
        var done = 0;
        while (done < count)
        {
            var got = reader.Read(chunk[..Math.Min(chunk.Length, count - done)]);
            var dst = output.Slice(done, got);
            for (var k = 0; k < dst.Length; k++) dst[k] = unchecked((int)chunk[k]);
            done += got;
        }

        bytesConsumed = reader.Position;
        return count;
    }

    private static int CheckCount(int count, int capacity)
    {
        if (count > capacity)
            ParquetThrow.Corrupt($"DELTA_BINARY_PACKED header announces {count} values, only {capacity} expected");
        return count;
    }
}
