using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// PLAIN encoding (0): fixed-width values back to back in little-endian, booleans bit-packed LSB first, BYTE_ARRAY as a
/// 4-byte little-endian length and the bytes, FIXED_LEN_BYTE_ARRAY as the bytes alone. Numeric paths copy memory
/// directly on little-endian machines (the in-memory layout equals the file layout there) and byte-swap otherwise.
/// </summary>
public static class PlainEncoding
{
    /// <summary>Julian day number of 1970-01-01, the epoch of INT96 timestamps converted to Unix time.</summary>
    public const int UnixEpochJulianDay = 2440588;

    private const long NanosPerDay = 86_400_000_000_000L;

    /// <summary>Eight booleans (one byte each, 0/1) for every possible packed byte, for decoding.</summary>
    private static readonly ulong[] s_bitsToBools = BuildBitsToBools();

    private static ulong[] BuildBitsToBools()
    {
        var table = new ulong[256];
        for (var b = 0; b < 256; b++)
        {
            ulong v = 0;
            for (var k = 0; k < 8; k++)
            {
                if ((b & (1 << k)) != 0) v |= 1UL << (8 * k);
            }

            table[b] = v;
        }

        return table;
    }

    // ---------------------------------------------------------------- encoders

    /// <summary>Booleans bit-packed LSB first; the last byte is zero-padded.</summary>
    public static void Encode(ReadOnlySpan<bool> values, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var n = values.Length;
        var dst = output.Allocate((n + 7) >> 3);
        var bytes = MemoryMarshal.AsBytes(values);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 16 bools -> 16 bits: bit k set where byte k is non-zero.
            for (; i + 16 <= n; i += 16)
            {
                var v = Vector128.Create(bytes.Slice(i, 16));
                var bits = (~Vector128.Equals(v, Vector128<byte>.Zero)).ExtractMostSignificantBits();
                BinaryPrimitives.WriteUInt16LittleEndian(dst[(i >> 3)..], (ushort)bits);
            }
        }

        for (; i < n; i += 8)
        {
            var end = Math.Min(n, i + 8);
            var b = 0;
            for (var k = i; k < end; k++)
            {
                if (values[k]) b |= 1 << (k - i);
            }

            dst[i >> 3] = (byte)b;
        }
    }

    public static void Encode(ReadOnlySpan<int> values, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var dst = output.Allocate(checked(values.Length * 4));
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(dst);
        else BinaryPrimitives.ReverseEndianness(values, MemoryMarshal.Cast<byte, int>(dst));
    }

    public static void Encode(ReadOnlySpan<long> values, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var dst = output.Allocate(checked(values.Length * 8));
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(dst);
        else BinaryPrimitives.ReverseEndianness(values, MemoryMarshal.Cast<byte, long>(dst));
    }

    public static void Encode(ReadOnlySpan<float> values, PooledBufferWriter output) =>
        Encode(MemoryMarshal.Cast<float, int>(values), output);

    public static void Encode(ReadOnlySpan<double> values, PooledBufferWriter output) =>
        Encode(MemoryMarshal.Cast<double, long>(values), output);

    /// <summary>
    /// BYTE_ARRAY values: value i is <c>data[offsets[i]..offsets[i+1]]</c>; <paramref name="offsets"/> has count + 1
    /// entries. Each is written as a 4-byte little-endian length followed by its bytes.
    /// </summary>
    public static void EncodeByteArrays(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var count = ByteArrayArgs.Count(data, offsets);
        if (count == 0) return;
        var total = 4L * count + (offsets[count] - offsets[0]);
        if (total > Array.MaxLength) throw new ArgumentException("Values too large for one buffer.", nameof(data));
        var dst = output.Allocate((int)total);
        var o = 0;
        for (var i = 0; i < count; i++)
        {
            var start = offsets[i];
            var length = offsets[i + 1] - start;
            BinaryPrimitives.WriteInt32LittleEndian(dst[o..], length);
            data.Slice(start, length).CopyTo(dst[(o + 4)..]);
            o += 4 + length;
        }
    }

    /// <summary>FIXED_LEN_BYTE_ARRAY values: the bytes as they are.</summary>
    public static void EncodeFixed(ReadOnlySpan<byte> data, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(data);
    }

    // ---------------------------------------------------------------- decoders

    /// <summary>Fills <paramref name="output"/> from bit-packed booleans; returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<bool> output)
    {
        var n = output.Length;
        var needed = (int)(((long)n + 7) >> 3);
        Require(input, needed, "PLAIN booleans");
        var table = s_bitsToBools;
        var full = n >> 3;
        var dst = MemoryMarshal.AsBytes(output);
        for (var g = 0; g < full; g++)
        {
            // Each table entry holds 8 bytes of 0/1, i.e. valid bool values, written little-endian.
            BinaryPrimitives.WriteUInt64LittleEndian(dst[(g << 3)..], table[input[g]]);
        }

        for (var i = full << 3; i < n; i++) output[i] = (input[i >> 3] & (1 << (i & 7))) != 0;
        return needed;
    }

    public static int Decode(ReadOnlySpan<byte> input, Span<int> output)
    {
        var needed = Needed(output.Length, 4);
        Require(input, needed, "PLAIN INT32 values");
        var src = input[..(int)needed];
        if (BitConverter.IsLittleEndian) src.CopyTo(MemoryMarshal.AsBytes(output));
        else BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(src), output);
        return (int)needed;
    }

    private static string DescribeJulianDay(int day)
    {
        // Julian day 1721426 is 0001-01-01 in the proleptic Gregorian calendar, DateOnly's day 0.
        var dayNumber = (long)day - 1721426;
        return dayNumber >= 0 && dayNumber <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)dayNumber).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : $"Julian day {day}";
    }

    public static int Decode(ReadOnlySpan<byte> input, Span<long> output)
    {
        var needed = Needed(output.Length, 8);
        Require(input, needed, "PLAIN INT64 values");
        var src = input[..(int)needed];
        if (BitConverter.IsLittleEndian) src.CopyTo(MemoryMarshal.AsBytes(output));
        else BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, long>(src), output);
        return (int)needed;
    }

    public static int Decode(ReadOnlySpan<byte> input, Span<float> output) =>
        Decode(input, MemoryMarshal.Cast<float, int>(output));

    public static int Decode(ReadOnlySpan<byte> input, Span<double> output) =>
        Decode(input, MemoryMarshal.Cast<double, long>(output));

    /// <summary>
    /// INT96 timestamps (8 bytes little-endian nanoseconds of the day, then 4 bytes little-endian Julian day) as
    /// nanoseconds since 1970-01-01. A value outside the range of a 64-bit nanosecond count is rejected.
    /// </summary>
    public static int DecodeInt96AsUnixNanos(ReadOnlySpan<byte> input, Span<long> output)
    {
        var needed = Needed(output.Length, 12);
        Require(input, needed, "PLAIN INT96 values");
        for (var i = 0; i < output.Length; i++)
        {
            var at = i * 12;
            var nanos = BinaryPrimitives.ReadInt64LittleEndian(input.Slice(at, 8));
            var day = BinaryPrimitives.ReadInt32LittleEndian(input.Slice(at + 8, 4));
            var result = (Int128)((long)day - UnixEpochJulianDay) * NanosPerDay + nanos;
            if (result < long.MinValue || result > long.MaxValue)
                ParquetThrow.CorruptAt($"INT96 timestamp on {DescribeJulianDay(day)} is outside the range of nanosecond timestamps (1677-09-21 to 2262-04-11); read the other columns with a projection", at);
            output[i] = (long)result;
        }

        return (int)needed;
    }

    /// <summary>Appends <paramref name="count"/> BYTE_ARRAY values; returns the bytes consumed.</summary>
    public static int DecodeByteArrays(ReadOnlySpan<byte> input, int count, BinaryValueBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var minimum = 4L * count;
        Require(input, minimum, "PLAIN BYTE_ARRAY values");
        output.Reserve(count, (int)(input.Length - minimum));
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            if (input.Length - pos < 4) ParquetThrow.TruncatedAt("BYTE_ARRAY length", pos, 4, input.Length - pos);
            var length = BinaryPrimitives.ReadInt32LittleEndian(input.Slice(pos, 4));
            if (length < 0) ParquetThrow.CorruptAt($"negative BYTE_ARRAY length {length}", pos);
            pos += 4;
            if (input.Length - pos < length) ParquetThrow.TruncatedAt("BYTE_ARRAY value", pos, length, input.Length - pos);
            output.Add(input.Slice(pos, length));
            pos += length;
        }

        return pos;
    }

    /// <summary>Appends <paramref name="count"/> FIXED_LEN_BYTE_ARRAY values of <paramref name="width"/> bytes.</summary>
    public static int DecodeFixed(ReadOnlySpan<byte> input, int count, int width, BinaryValueBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        var needed = Needed(count, width);
        Require(input, needed, "PLAIN FIXED_LEN_BYTE_ARRAY values");
        output.Reserve(count, (int)needed);
        for (var i = 0; i < count; i++) output.Add(input.Slice(i * width, width));
        return (int)needed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Needed(int count, int width) => (long)count * width;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Require(ReadOnlySpan<byte> input, long needed, string what)
    {
        if (needed > input.Length) ParquetThrow.TruncatedAt(what, 0, needed, input.Length);
    }
}
