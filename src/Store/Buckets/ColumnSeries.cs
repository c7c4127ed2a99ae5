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
        // Index loops and a pairwise name check up to a few dozen columns: a series is built per write and per read.
        var names = columns.Count > 32 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            if (c.Length != rows) throw new StoreException($"column {c.Name} has {c.Length} values, column {columns[0].Name} has {rows}");
            if (names is null ? NamedBefore(columns, i) : !names.Add(c.Name)) throw new StoreException($"column {c.Name} appears twice");
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
        var columns = Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal)) return columns[i];
        }

        return null;
    }

    private static bool NamedBefore(IReadOnlyList<Column> columns, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(columns[j].Name, columns[index].Name, StringComparison.Ordinal)) return true;
        }

        return false;
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
