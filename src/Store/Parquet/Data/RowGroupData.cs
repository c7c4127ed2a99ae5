namespace Archiver.Store.Parquet.Data;

/// <summary>The columns read from one row group (or several, concatenated), all with <see cref="RowCount"/> rows.</summary>
public sealed class RowGroupData
{
    public RowGroupData(long rowCount, IReadOnlyList<ColumnData> columns)
    {
        RowCount = rowCount;
        Columns = columns;
    }

    public long RowCount { get; }

    public IReadOnlyList<ColumnData> Columns { get; }

    /// <summary>The column called <paramref name="name"/>.</summary>
    public ColumnData this[string name] =>
        Columns.FirstOrDefault(c => c.Field.Name == name) ?? throw new KeyNotFoundException($"No column '{name}' was read.");

    /// <summary>The column called <paramref name="name"/> as typed values.</summary>
    public ColumnData<T> Get<T>(string name)
        where T : unmanaged =>
        this[name] as ColumnData<T> ?? throw new InvalidCastException($"Column '{name}' does not hold {typeof(T).Name} values.");

    /// <summary>The column called <paramref name="name"/> as binary or text values.</summary>
    public BinaryColumnData GetBinary(string name) =>
        this[name] as BinaryColumnData ?? throw new InvalidCastException($"Column '{name}' does not hold binary values.");
}
