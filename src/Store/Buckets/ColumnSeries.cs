namespace Archiver.Store.Buckets;

/// <summary>
/// Rows of one bucket (or one symbol of a query) as columns of equal length. In everything the store returns,
/// <c>Epoch</c> (i8, Unix seconds) is the first column and, for variable buckets, <c>Nanoseconds</c> (i4) the last.
/// Immutable: operations return new series that share the column bytes.
/// </summary>
public sealed class ColumnSeries
{
    public const string EpochColumn = "Epoch";
    public const string NanosecondsColumn = "Nanoseconds";

    public ColumnSeries(IReadOnlyList<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.Length != rows) throw new StoreException($"column {c.Name} has {c.Length} values, column {columns[0].Name} has {rows}");
            if (!names.Add(c.Name)) throw new StoreException($"column {c.Name} appears twice");
        }

        Columns = columns;
        RowCount = rows;
    }

    /// <summary>An empty series with the given columns.</summary>
    public static ColumnSeries Empty(IEnumerable<ColumnSpec> columns) =>
        new(columns.Select(c => new Column(c.Name, c.Type, ReadOnlyMemory<byte>.Empty)).ToArray());

    public IReadOnlyList<Column> Columns { get; }

    public int RowCount { get; }

    /// <summary>The column named <paramref name="name"/> (ordinal, case-sensitive), or null.</summary>
    public Column? Find(string name)
    {
        foreach (var c in Columns)
        {
            if (string.Equals(c.Name, name, StringComparison.Ordinal)) return c;
        }

        return null;
    }

    /// <summary>The Epoch values; throws when the series has no i8 <c>Epoch</c> column.</summary>
    public ReadOnlySpan<long> Epochs =>
        (Find(EpochColumn) ?? throw new StoreException("the series has no Epoch column")).Values<long>();

    /// <summary>The column names and types.</summary>
    public IReadOnlyList<ColumnSpec> Schema => Columns.Select(c => new ColumnSpec(c.Name, c.Type)).ToArray();

    /// <summary>Rows [<paramref name="start"/>, start + <paramref name="count"/>).</summary>
    public ColumnSeries Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + count > RowCount) throw new ArgumentOutOfRangeException(nameof(count));
        return new ColumnSeries(Columns.Select(c => c.Slice(start, count)).ToArray());
    }

    public override string ToString() => $"[{RowCount} rows: {string.Join(", ", Columns.Select(c => c.Name + ":" + c.Type.ToTypeString()))}]";
}
