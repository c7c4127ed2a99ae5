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
