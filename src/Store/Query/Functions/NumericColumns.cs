using System.Numerics;
using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>Finds a function's input columns and reads any numeric column type as float32 or float64, span to span.</summary>
internal static class NumericColumns
{
    /// <summary>The numeric column <paramref name="name"/> of <paramref name="series"/>, or a one-line error naming the function.</summary>
    public static Column Require(ColumnSeries series, string function, string name)
    {
        var column = series.Find(name)
            ?? throw new StoreException($"{function}: no column named {name} in the input (columns: {string.Join(", ", series.Columns.Select(c => c.Name))})");
        if (!column.Type.IsNumeric()) throw new StoreException($"{function}: column {name} is {column.Type.ToTypeString()}, not a number");
        return column;
    }

    /// <summary>The values of <paramref name="column"/> cast to float32 (C-style, like a numpy astype).</summary>
    public static void ToSingle(Column column, Span<float> destination) => Cast(column, destination);

    /// <summary>The values of <paramref name="column"/> as float64 (exact for every type but the largest integers).</summary>
    public static void ToDouble(Column column, Span<double> destination) => Cast(column, destination);

    private static void Cast<TOut>(Column column, Span<TOut> destination) where TOut : unmanaged, IFloatingPoint<TOut>
    {
        switch (column.Type)
        {
            case ColumnType.F4: Convert(column.Values<float>(), destination); break;
            case ColumnType.F8: Convert(column.Values<double>(), destination); break;
            case ColumnType.I1: Convert(column.Values<sbyte>(), destination); break;
            case ColumnType.I2: Convert(column.Values<short>(), destination); break;
            case ColumnType.I4: Convert(column.Values<int>(), destination); break;
            case ColumnType.I8: Convert(column.Values<long>(), destination); break;
            case ColumnType.U1: Convert(column.Values<byte>(), destination); break;
            case ColumnType.U2: Convert(column.Values<ushort>(), destination); break;
            case ColumnType.U4: Convert(column.Values<uint>(), destination); break;
            case ColumnType.U8: Convert(column.Values<ulong>(), destination); break;
            default: throw new StoreException($"column {column.Name} is {column.Type.ToTypeString()}, not a number");
        }
    }

    /// <summary>
    /// One float32 value per row for an input bound to <paramref name="names"/>: the column itself, or the per-row
    /// average when several columns are bound (MarketStore's <c>CandlePrice::Bid, CandlePrice::Ask</c>).
    /// </summary>
    public static void ReadAveraged(ColumnSeries series, string function, IReadOnlyList<string> names, Span<float> destination)
    {
        if (names.Count == 1)
        {
            ToSingle(Require(series, function, names[0]), destination);
            return;
        }

        using var sum = new RentedBuffer<double>(destination.Length);
        using var one = new RentedBuffer<float>(destination.Length);
        var total = sum.Span;
        total.Clear();
        foreach (var name in names)
        {
            ToSingle(Require(series, function, name), one.Span);
            var values = one.Span;
            for (var i = 0; i < total.Length; i++) total[i] += values[i];
        }

        for (var i = 0; i < destination.Length; i++) destination[i] = (float)(total[i] / names.Count);
    }

    private static void Convert<TIn, TOut>(ReadOnlySpan<TIn> source, Span<TOut> destination)
        where TIn : unmanaged, INumberBase<TIn>
        where TOut : unmanaged, IFloatingPoint<TOut>
    {
        if (typeof(TIn) == typeof(TOut))
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, TOut>(source).CopyTo(destination);
            return;
        }

        for (var i = 0; i < source.Length; i++) destination[i] = TOut.CreateTruncating(source[i]);
    }
}
