using Archiver.Store.Buckets;

namespace Archiver.Store.Query;

/// <summary>
/// The answer to one <see cref="QueryRequest"/> (MarketStore's NumpyMultiDataset): slices in the destination's symbol
/// order, all with the same column names and types, Epoch first. On the wire each column is the concatenation of the
/// slices' bytes, and a slice's start index is the running row count.
/// </summary>
public sealed class QueryResult
{
    public QueryResult(IReadOnlyList<ColumnSpec> columns, IReadOnlyList<QuerySlice> slices)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(slices);
        Columns = columns;
        Slices = slices;
        Length = slices.Sum(s => s.Series.RowCount);
    }

    /// <summary>Column names and types shared by every slice.</summary>
    public IReadOnlyList<ColumnSpec> Columns { get; }

    public IReadOnlyList<QuerySlice> Slices { get; }

    /// <summary>Rows over all slices.</summary>
    public int Length { get; }
}
