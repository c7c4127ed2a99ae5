using Archiver.Store.Parquet.Data;

namespace Archiver.Cli.Archiving;

/// <summary>The rows of one archive file being built: appended in any order, written sorted by <c>ts</c>.</summary>
internal interface IArchiveTableBuilder
{
    int Count { get; }

    /// <summary>The <c>ts</c> (receive time, µs) of row <paramref name="row"/>.</summary>
    long TimeAt(int row);

    /// <summary>Rows flagged as coming after lost data.</summary>
    int GapFlags { get; }

    /// <summary>Rows flagged as the first after a reconnect or resync.</summary>
    int ReconnectFlags { get; }

    /// <summary>Appends the rows of an existing archive file of the same series and hour.</summary>
    void AddExisting(RowGroupData rows);

    /// <summary>The columns in schema order, rows permuted by <paramref name="order"/> when given.</summary>
    ColumnData[] Build(int[]? order);
}
