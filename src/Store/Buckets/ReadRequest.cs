namespace Archiver.Store.Buckets;

/// <summary>
/// What to read from one bucket. Start and end are inclusive (slot-granular for fixed buckets, exact to the
/// nanosecond for variable ones); a <see cref="Limit"/> of 0 means all rows; with a limit the last rows are taken
/// unless <see cref="FromStart"/>. Rows always come back in ascending time order.
/// </summary>
public sealed record ReadRequest
{
    public static ReadRequest All { get; } = new();

    public StoreTime Start { get; init; } = StoreTime.MinValue;

    public StoreTime End { get; init; } = StoreTime.MaxValue;

    public int Limit { get; init; }

    public bool FromStart { get; init; }

    /// <summary>
    /// Projection: <c>Epoch</c> first, then these columns in this order (unknown names dropped, duplicates removed),
    /// then <c>Nanoseconds</c> for variable buckets. Null or empty: every column.
    /// </summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Where the returned columns' memory comes from: null allocates new arrays (owned by the garbage collector); with
    /// buffers, the columns are only valid until the caller disposes them.
    /// </summary>
    public ReadBuffers? Buffers { get; init; }
}
