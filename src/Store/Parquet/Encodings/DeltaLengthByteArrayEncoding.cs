using System.Buffers;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// DELTA_LENGTH_BYTE_ARRAY (6): the lengths as DELTA_BINARY_PACKED INT32, then all bytes concatenated.
/// </summary>
public static class DeltaLengthByteArrayEncoding
{
    /// <summary>Encodes value i = <c>data[offsets[i]..offsets[i+1]]</c>; offsets has count + 1 entries.</summary>
    public static void Encode(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var count = ByteArrayArgs.Count(data, offsets);
        var lengths = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        try
        {
            for (var i = 0; i < count; i++) lengths[i] = offsets[i + 1] - offsets[i];
            DeltaBinaryPackedEncoding.Encode(lengths.AsSpan(0, count), output);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(lengths);
        }

        if (count > 0) output.Write(data[offsets[0]..offsets[count]]);
    }

    /// <summary>
    /// Appends <paramref name="count"/> values (the header must announce exactly that many) and returns the bytes
    /// consumed.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> input, int count, BinaryValueBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var dataStart = ScanLengths(input, count, "DELTA_LENGTH_BYTE_ARRAY", out var total);
        output.Reserve(count, (int)total);
        CopyValues(input, count, dataStart, output);
        return dataStart + (int)total;
    }

    /// <summary>
    /// First pass over a lengths section at the start of <paramref name="input"/>: checks the count, that every length
    /// is non-negative and that their sum fits in what follows. Returns where the data starts.
    /// </summary>
    internal static int ScanLengths(ReadOnlySpan<byte> input, int count, string what, out long total)
    {
        var reader = new DeltaBinaryPackedReader(input);
        if (reader.TotalCount != count)
            ParquetThrow.CorruptAt($"{what} header announces {reader.TotalCount} lengths, expected {count}", 0);
        Span<ulong> chunk = stackalloc ulong[256];
        total = 0;
        var index = 0;
        int got;
        while ((got = reader.Read(chunk)) > 0)
        {
            for (var k = 0; k < got; k++)
            {
                var length = unchecked((int)chunk[k]);
                if (length < 0) ParquetThrow.Corrupt($"{what}: negative length {length} for value {index + k}");
                total += length;
            }

            index += got;
        }

        var dataStart = reader.Position;
        if (total > input.Length - dataStart)
            ParquetThrow.TruncatedAt($"{what} data", dataStart, total, input.Length - dataStart);
        return dataStart;
    }

    /// <summary>Second pass: appends the values whose lengths <see cref="ScanLengths"/> validated.</summary>
    private static void CopyValues(ReadOnlySpan<byte> input, int count, int dataStart, BinaryValueBuilder output)
    {
        var reader = new DeltaBinaryPackedReader(input);
        Span<ulong> chunk = stackalloc ulong[256];
        var pos = dataStart;
        int got;
        while ((got = reader.Read(chunk)) > 0)
        {
            for (var k = 0; k < got; k++)
            {
                var length = (int)chunk[k];
                output.Add(input.Slice(pos, length));
                pos += length;
            }
        }
    }
}
