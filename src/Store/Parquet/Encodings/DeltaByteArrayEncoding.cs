using System.Buffers;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// DELTA_BYTE_ARRAY (7), incremental encoding: for each value, the length of the prefix it shares with the previous
/// value (DELTA_BINARY_PACKED), then the remaining suffixes as DELTA_LENGTH_BYTE_ARRAY.
/// </summary>
public static class DeltaByteArrayEncoding
{
    /// <summary>Encodes value i = <c>data[offsets[i]..offsets[i+1]]</c>; offsets has count + 1 entries.</summary>
    public static void Encode(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var count = ByteArrayArgs.Count(data, offsets);
        var prefixes = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        var suffixes = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        try
        {
            long suffixBytes = 0;
            var previous = ReadOnlySpan<byte>.Empty;
            for (var i = 0; i < count; i++)
            {
                var value = data[offsets[i]..offsets[i + 1]];
                var prefix = value.CommonPrefixLength(previous);
                prefixes[i] = prefix;
                suffixes[i] = value.Length - prefix;
                suffixBytes += value.Length - prefix;
                previous = value;
            }

            DeltaBinaryPackedEncoding.Encode(prefixes.AsSpan(0, count), output);
            DeltaBinaryPackedEncoding.Encode(suffixes.AsSpan(0, count), output);
            if (suffixBytes > Array.MaxLength) throw new ArgumentException("Values too large for one buffer.", nameof(data));
            var dst = output.Allocate((int)suffixBytes);
            var o = 0;
            for (var i = 0; i < count; i++)
            {
                data.Slice(offsets[i] + prefixes[i], suffixes[i]).CopyTo(dst[o..]);
                o += suffixes[i];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(prefixes);
            ArrayPool<int>.Shared.Return(suffixes);
        }
    }

    /// <summary>
    /// Appends <paramref name="count"/> values (both headers must announce exactly that many) and returns the bytes
    /// consumed. The first value's prefix must be 0 and no prefix may exceed the previous value's length; the decoded
    /// total is capped at <see cref="ParquetLimits.MaxPageBytes"/> so prefixes cannot amplify a small page unboundedly.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> input, int count, BinaryValueBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // Pass 1: find where the prefix lengths end.
        var prefixReader = new DeltaBinaryPackedReader(input);
        if (prefixReader.TotalCount != count)
            ParquetThrow.CorruptAt($"DELTA_BYTE_ARRAY header announces {prefixReader.TotalCount} prefixes, expected {count}", 0);
        Span<ulong> prefixChunk = stackalloc ulong[128];
        while (prefixReader.Read(prefixChunk) > 0)
        {
        }

        var suffixStart = prefixReader.Position;
        var suffixSection = input[suffixStart..];

        // Pass 2: validate the suffix lengths and locate the suffix bytes.
        var dataStart = suffixStart + DeltaLengthByteArrayEncoding.ScanLengths(
            suffixSection, count, "DELTA_BYTE_ARRAY suffix", out var suffixTotal);

        // Pass 3: rebuild the values.
        var prefixes = new DeltaBinaryPackedReader(input);
        var suffixes = new DeltaBinaryPackedReader(suffixSection);
        Span<ulong> suffixChunk = stackalloc ulong[128];
        output.Reserve(count, (int)suffixTotal);
        var pos = dataStart;
        var previousStart = 0;
        var previousLength = 0;
        long decoded = 0;
        var index = 0;
        while (index < count)
        {
            var want = Math.Min(prefixChunk.Length, count - index);
            prefixes.Read(prefixChunk[..want]);
            suffixes.Read(suffixChunk[..want]);
            for (var k = 0; k < want; k++)
            {
                var prefix = unchecked((int)prefixChunk[k]);
                var suffix = (int)suffixChunk[k];
                if ((uint)prefix > (uint)previousLength)
                    ParquetThrow.Corrupt(
                        $"DELTA_BYTE_ARRAY prefix length {prefix} of value {index + k} exceeds the previous value's {previousLength} bytes");
                var length = (long)prefix + suffix;
                decoded += length;
                if (decoded > ParquetLimits.MaxPageBytes)
                    ParquetThrow.Corrupt("DELTA_BYTE_ARRAY values decode to more than the page size limit");
                var dst = output.AddUninitialized((int)length);
                output.Bytes.Slice(previousStart, prefix).CopyTo(dst);
                input.Slice(pos, suffix).CopyTo(dst[prefix..]);
                pos += suffix;
                previousLength = (int)length;
                previousStart = output.ByteLength - previousLength;
            }

            index += want;
        }

        return pos;
    }
}
