using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Copies a column into a bucket's type, optionally through a row permutation: numeric types convert like a C cast
/// (integers wrap, floats truncate toward zero, f8 to f4 rounds), U16 only copies to U16.
/// </summary>
internal static class ColumnCast
{
    /// <summary>Whether values of <paramref name="from"/> can be stored in a <paramref name="to"/> column.</summary>
    public static bool CanCast(ColumnType from, ColumnType to) => from == to || (from.IsNumeric() && to.IsNumeric());

    /// <summary>
    /// <c>dst[i] = (to)src[perm[i]]</c> (or <c>src[i]</c> when <paramref name="perm"/> is empty) for every row of
    /// <paramref name="dst"/>.
    /// </summary>
    public static void CastGather(ReadOnlySpan<byte> src, ColumnType from, Span<byte> dst, ColumnType to, ReadOnlySpan<int> perm)
    {
        if (from == to)
        {
            Gather(src, dst, from.Size(), perm);
            return;
        }

        if (!CanCast(from, to)) throw new StoreException($"cannot cast {from.ToTypeString()} to {to.ToTypeString()}");
        switch (from)
        {
            case ColumnType.I1: From<sbyte>(src, dst, to, perm); break;
            case ColumnType.I2: From<short>(src, dst, to, perm); break;
            case ColumnType.I4: From<int>(src, dst, to, perm); break;
            case ColumnType.I8: From<long>(src, dst, to, perm); break;
            case ColumnType.U1: From<byte>(src, dst, to, perm); break;
            case ColumnType.U2: From<ushort>(src, dst, to, perm); break;
            case ColumnType.U4: From<uint>(src, dst, to, perm); break;
            case ColumnType.U8: From<ulong>(src, dst, to, perm); break;
            case ColumnType.F4: From<float>(src, dst, to, perm); break;
            default: From<double>(src, dst, to, perm); break;
        }
    }

    /// <summary>Copies fixed-size values through a permutation (empty: straight copy).</summary>
    public static void Gather(ReadOnlySpan<byte> src, Span<byte> dst, int size, ReadOnlySpan<int> perm)
    {
        if (perm.IsEmpty)
        {
            src[..dst.Length].CopyTo(dst);
            return;
        }

        switch (size)
        {
            case 8: GatherValues<long>(src, dst, perm); break;
            case 4: GatherValues<int>(src, dst, perm); break;
            case 2: GatherValues<short>(src, dst, perm); break;
            case 1: GatherValues<byte>(src, dst, perm); break;
            default:
                for (var i = 0; i < perm.Length; i++) src.Slice(perm[i] * size, size).CopyTo(dst.Slice(i * size, size));
                break;
        }
    }

    private static void GatherValues<T>(ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<int> perm) where T : unmanaged
    {
        var s = MemoryMarshal.Cast<byte, T>(src);
        var d = MemoryMarshal.Cast<byte, T>(dst);
        for (var i = 0; i < d.Length; i++) d[i] = s[perm[i]];
    }

    private static void From<TS>(ReadOnlySpan<byte> src, Span<byte> dst, ColumnType to, ReadOnlySpan<int> perm)
        where TS : unmanaged, INumberBase<TS>
    {
        switch (to)
        {
            case ColumnType.I1: Run<TS, sbyte>(src, dst, perm); break;
            case ColumnType.I2: Run<TS, short>(src, dst, perm); break;
            case ColumnType.I4: Run<TS, int>(src, dst, perm); break;
            case ColumnType.I8: Run<TS, long>(src, dst, perm); break;
            case ColumnType.U1: Run<TS, byte>(src, dst, perm); break;
            case ColumnType.U2: Run<TS, ushort>(src, dst, perm); break;
            case ColumnType.U4: Run<TS, uint>(src, dst, perm); break;
            case ColumnType.U8: Run<TS, ulong>(src, dst, perm); break;
            case ColumnType.F4: Run<TS, float>(src, dst, perm); break;
            default: Run<TS, double>(src, dst, perm); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TS, TD>(ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<int> perm)
        where TS : unmanaged, INumberBase<TS>
        where TD : unmanaged, INumberBase<TD>
    {
        var s = MemoryMarshal.Cast<byte, TS>(src);
        var d = MemoryMarshal.Cast<byte, TD>(dst);
        if (perm.IsEmpty)
        {
            for (var i = 0; i < d.Length; i++) d[i] = TD.CreateTruncating(s[i]);
        }
        else
        {
            for (var i = 0; i < d.Length; i++) d[i] = TD.CreateTruncating(s[perm[i]]);
        }
    }
}
