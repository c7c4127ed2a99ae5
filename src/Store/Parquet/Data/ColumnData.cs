using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Data;

/// <summary>
/// The values of one column for a run of rows, as a typed array (no boxing per value). Nulls are described by
/// <see cref="Present"/>: <c>null</c> when every row has a value, otherwise one flag per row; the value array keeps a
/// slot for every row (the default value where the row is null), so row <c>i</c> is always at index <c>i</c>.
/// </summary>
public abstract class ColumnData
{
    protected ColumnData(ParquetField field, int count, bool[]? present)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (present is not null && present.Length < count)
            throw new ArgumentException($"Column '{field.Name}': {present.Length} presence flags for {count} rows.", nameof(present));
        if (present is not null && !field.IsNullable)
            throw new ArgumentException($"Column '{field.Name}' is required and cannot hold nulls.", nameof(present));
        Field = field;
        Count = count;
        Present = present;
    }

    /// <summary>The column this data belongs to.</summary>
    public ParquetField Field { get; }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Per-row presence flags, or <c>null</c> when no row is null.</summary>
    public bool[]? Present { get; }

    /// <summary>Whether row <paramref name="row"/> holds a value.</summary>
    public bool HasValue(int row) => Present is null || Present[row];

    /// <summary>Number of null rows.</summary>
    public int NullCount
    {
        get
        {
            if (Present is null) return 0;
            var nulls = 0;
            for (var i = 0; i < Count; i++)
                if (!Present[i]) nulls++;
            return nulls;
        }
    }

    /// <summary>Value at <paramref name="row"/> boxed for display and tests, or <c>null</c>.</summary>
    public abstract object? GetValue(int row);
}

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

/// <summary>Values of a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY column (strings included).</summary>
public sealed class BinaryColumnData : ColumnData
{
    public BinaryColumnData(ParquetField field, BinaryColumnValues values, bool[]? present = null)
        : base(field, values?.Count ?? 0, present)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
        if (field.PhysicalType == Metadata.PhysicalType.FixedLenByteArray)
        {
            for (var i = 0; i < values.Count; i++)
            {
                var length = values.Offsets[i + 1] - values.Offsets[i];
                if (length != field.TypeLength && (present is null || present[i]))
                    throw new ArgumentException($"Column '{field.Name}': value {i} has {length} bytes, the type has {field.TypeLength}.", nameof(values));
            }
        }
    }

    public BinaryColumnValues Values { get; }

    /// <summary>Value at <paramref name="row"/> as UTF-8 text.</summary>
    public string? GetString(int row) => HasValue(row) ? Values.GetString(row) : null;

    public override object? GetValue(int row)
    {
        if (!HasValue(row)) return null;
        return Field.IsText ? Values.GetString(row) : Values[row].ToArray();
    }
}
