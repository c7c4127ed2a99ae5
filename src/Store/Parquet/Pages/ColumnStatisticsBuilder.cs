using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Pages;

/// <summary>
/// Tracks min and max of a fixed-width column chunk in the order the Parquet spec defines for the column's type:
/// signed or unsigned integers, IEEE floats with NaN ignored (and a zero min written as -0.0, a zero max as +0.0),
/// false before true. The values are encoded PLAIN (little-endian) for the footer.
/// </summary>
internal sealed class ColumnStatisticsBuilder<T>
    where T : unmanaged
{
    private readonly bool _unsigned;
    private T _min;
    private T _max;

    public ColumnStatisticsBuilder(ParquetField field)
    {
        _unsigned = field.IsUnsigned;
    }

    public bool HasValues { get; private set; }

    public void Reset() => HasValues = false;

    /// <summary>Folds <paramref name="values"/> (non-null values only) into min and max.</summary>
    public void Update(ReadOnlySpan<T> values)
    {
        if (values.IsEmpty) return;
        if (typeof(T) == typeof(long))
        {
            var v = MemoryMarshal(values);
            if (_unsigned) UpdateUInt64(v);
            else UpdateInt64(v);
        }
        else if (typeof(T) == typeof(int))
        {
            UpdateInt32(System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(values));
        }
        else if (typeof(T) == typeof(double))
        {
            UpdateDouble(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values));
        }
        else if (typeof(T) == typeof(float))
        {
            UpdateFloat(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values));
        }
        else if (typeof(T) == typeof(bool))
        {
            UpdateBool(System.Runtime.InteropServices.MemoryMarshal.Cast<T, bool>(values));
        }
        else
        {
            throw new NotSupportedException(typeof(T).Name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<long> MemoryMarshal(ReadOnlySpan<T> values) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<T, long>(values);

    private void UpdateInt64(ReadOnlySpan<long> v)
    {
        long min = HasValues ? As<long>(_min) : long.MaxValue, max = HasValues ? As<long>(_max) : long.MinValue;
        foreach (var x in v)
        {
            if (x < min) min = x;
            if (x > max) max = x;
        }

        Set(min, max);
    }

    private void UpdateUInt64(ReadOnlySpan<long> v)
    {
        ulong min = HasValues ? (ulong)As<long>(_min) : ulong.MaxValue, max = HasValues ? (ulong)As<long>(_max) : ulong.MinValue;
        foreach (var s in v)
        {
            var x = (ulong)s;
            if (x < min) min = x;
            if (x > max) max = x;
        }

        Set((long)min, (long)max);
    }

    private void UpdateInt32(ReadOnlySpan<int> v)
    {
        if (_unsigned)
        {
            uint umin = HasValues ? (uint)As<int>(_min) : uint.MaxValue, umax = HasValues ? (uint)As<int>(_max) : uint.MinValue;
            foreach (var s in v)
            {
                var x = (uint)s;
                if (x < umin) umin = x;
                if (x > umax) umax = x;
            }

            Set((int)umin, (int)umax);
            return;
        }

        int min = HasValues ? As<int>(_min) : int.MaxValue, max = HasValues ? As<int>(_max) : int.MinValue;
        foreach (var x in v)
        {
            if (x < min) min = x;
            if (x > max) max = x;
        }

        Set(min, max);
    }

    private void UpdateDouble(ReadOnlySpan<double> v)
    {
        double min = HasValues ? As<double>(_min) : double.PositiveInfinity, max = HasValues ? As<double>(_max) : double.NegativeInfinity;
        var any = HasValues;
        foreach (var x in v)
        {
            if (double.IsNaN(x)) continue;
            any = true;
            if (x < min || (x == 0 && min == 0 && double.IsNegative(x))) min = x;
            if (x > max || (x == 0 && max == 0 && !double.IsNegative(x))) max = x;
        }

        if (any) Set(min, max);
    }

    private void UpdateFloat(ReadOnlySpan<float> v)
    {
        float min = HasValues ? As<float>(_min) : float.PositiveInfinity, max = HasValues ? As<float>(_max) : float.NegativeInfinity;
        var any = HasValues;
        foreach (var x in v)
        {
            if (float.IsNaN(x)) continue;
            any = true;
            if (x < min || (x == 0 && min == 0 && float.IsNegative(x))) min = x;
            if (x > max || (x == 0 && max == 0 && !float.IsNegative(x))) max = x;
        }

        if (any) Set(min, max);
    }

    private void UpdateBool(ReadOnlySpan<bool> v)
    {
        bool min = !HasValues || As<bool>(_min), max = HasValues && As<bool>(_max);
        foreach (var x in v)
        {
            min &= x;
            max |= x;
        }

        Set(min, max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV As<TV>(T value)
        where TV : unmanaged => Unsafe.As<T, TV>(ref value);

    private void Set<TV>(TV min, TV max)
        where TV : unmanaged
    {
        _min = Unsafe.As<TV, T>(ref min);
        _max = Unsafe.As<TV, T>(ref max);
        HasValues = true;
    }

    /// <summary>Min and max encoded PLAIN, or nulls when no non-null, non-NaN value was seen.</summary>
    public (byte[]? Min, byte[]? Max) Encode()
    {
        if (!HasValues) return (null, null);
        var min = _min;
        var max = _max;
        if (typeof(T) == typeof(double))
        {
            if (As<double>(min) == 0) min = Unsafe.As<double, T>(ref Unsafe.AsRef(in NegativeZeroDouble));
            if (As<double>(max) == 0) max = default;
        }
        else if (typeof(T) == typeof(float))
        {
            if (As<float>(min) == 0) min = Unsafe.As<float, T>(ref Unsafe.AsRef(in NegativeZeroFloat));
            if (As<float>(max) == 0) max = default;
        }

        return (ToBytes(min), ToBytes(max));
    }

    private static readonly double NegativeZeroDouble = -0.0;
    private static readonly float NegativeZeroFloat = -0.0f;

    private static byte[] ToBytes(T value)
    {
        if (typeof(T) == typeof(bool)) return [As<bool>(value) ? (byte)1 : (byte)0];
        var bytes = new byte[Unsafe.SizeOf<T>()];
        if (typeof(T) == typeof(long)) BinaryPrimitives.WriteInt64LittleEndian(bytes, As<long>(value));
        else if (typeof(T) == typeof(int)) BinaryPrimitives.WriteInt32LittleEndian(bytes, As<int>(value));
        else if (typeof(T) == typeof(double)) BinaryPrimitives.WriteDoubleLittleEndian(bytes, As<double>(value));
        else if (typeof(T) == typeof(float)) BinaryPrimitives.WriteSingleLittleEndian(bytes, As<float>(value));
        return bytes;
    }
}
