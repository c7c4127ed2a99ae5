using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Data;

/// <summary>Joins the same column read from several row groups into one.</summary>
internal static class ColumnConcatenation
{
    public static ColumnData Concat(ParquetField field, IReadOnlyList<ColumnData> parts)
    {
        if (parts.Count == 0) return Empty(field);
        return parts[0] switch
        {
            ColumnData<bool> => ConcatFixed<bool>(field, parts),
            ColumnData<int> => ConcatFixed<int>(field, parts),
            ColumnData<long> => ConcatFixed<long>(field, parts),
            ColumnData<float> => ConcatFixed<float>(field, parts),
            ColumnData<double> => ConcatFixed<double>(field, parts),
            BinaryColumnData => ConcatBinary(field, parts),
            _ => throw new NotSupportedException(parts[0].GetType().Name),
        };
    }

    private static ColumnData Empty(ParquetField field) => field.PhysicalType switch
    {
        Metadata.PhysicalType.Boolean => new ColumnData<bool>(field, []),
        Metadata.PhysicalType.Int32 => new ColumnData<int>(field, []),
        Metadata.PhysicalType.Int64 or Metadata.PhysicalType.Int96 => new ColumnData<long>(field, []),
        Metadata.PhysicalType.Float => new ColumnData<float>(field, []),
        Metadata.PhysicalType.Double => new ColumnData<double>(field, []),
        _ => new BinaryColumnData(field, new BinaryColumnValues([], [0])),
    };

    private static bool[]? ConcatPresence(IReadOnlyList<ColumnData> parts, int total)
    {
        if (parts.All(p => p.Present is null)) return null;
        var present = new bool[total];
        var at = 0;
        foreach (var p in parts)
        {
            if (p.Present is null) present.AsSpan(at, p.Count).Fill(true);
            else p.Present.AsSpan(0, p.Count).CopyTo(present.AsSpan(at));
            at += p.Count;
        }

        return present;
    }

    private static ColumnData ConcatFixed<T>(ParquetField field, IReadOnlyList<ColumnData> parts)
        where T : unmanaged
    {
        var total = checked(parts.Sum(p => p.Count));
        var values = new T[total];
        var at = 0;
        foreach (ColumnData<T> p in parts)
        {
            p.Span.CopyTo(values.AsSpan(at));
            at += p.Count;
        }

        return new ColumnData<T>(field, values, total, ConcatPresence(parts, total));
    }

    private static ColumnData ConcatBinary(ParquetField field, IReadOnlyList<ColumnData> parts)
    {
        var total = checked(parts.Sum(p => p.Count));
        var bytes = checked(parts.Sum(p => ((BinaryColumnData)p).Values.Bytes.Length));
        var builder = new BinaryValueBuilder(total, bytes);
        foreach (BinaryColumnData p in parts)
            for (var i = 0; i < p.Count; i++) builder.Add(p.Values[i]);
        return new BinaryColumnData(field, builder.ToValues(), ConcatPresence(parts, total));
    }
}
