using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Data;

/// <summary>Values of a fixed-width column: bool, int, long, float, double (INT96 is read as long nanoseconds).</summary>
public sealed class ColumnData<T> : ColumnData
    where T : unmanaged
{
    public ColumnData(ParquetField field, T[] values, int count, bool[]? present = null)
        : base(field, count, present)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length < count) throw new ArgumentException($"Column '{field.Name}': {values.Length} values for {count} rows.", nameof(values));
        Values = values;
    }

    public ColumnData(ParquetField field, T[] values, bool[]? present = null)
        : this(field, values, values.Length, present)
    {
    }

    /// <summary>The value array; only the first <see cref="ColumnData.Count"/> entries belong to the column.</summary>
    public T[] Values { get; }

    /// <summary>The values of the column's rows.</summary>
    public ReadOnlySpan<T> Span => Values.AsSpan(0, Count);

    public override object? GetValue(int row) => HasValue(row) ? Values[row] : null;
}
