using System.Buffers;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// A validated step of a transaction before it is encoded into the log: a create, a destroy, or a write whose rows
/// are described by sort keys, a permutation (sorted, de-duplicated order of the input rows) and the payload columns
/// matched to the bucket's elements. Encoding casts and gathers the payload straight into the log record.
/// </summary>
internal sealed class PendingEntry : IDisposable
{
    public required Log.LogEntryKind Kind { get; init; }

    public required BucketKey Key { get; init; }

    public RecordKind RecordKind { get; init; }

    public ColumnSpec[] Elements { get; init; } = [];

    public bool CreatesBucket { get; init; }

    public (StoreTime Start, StoreTime End)? Replace { get; init; }

    /// <summary>Rows to write (after de-duplication).</summary>
    public int Rows { get; set; }

    /// <summary>Per input row: the stored Epoch (slot start for fixed buckets). Rented.</summary>
    public long[]? Keys { get; set; }

    /// <summary>Per input row: nanoseconds (variable buckets). Rented.</summary>
    public int[]? NanoKeys { get; set; }

    /// <summary>Input row of each output row; null: output row i is input row i. Rented.</summary>
    public int[]? Permutation { get; set; }

    /// <summary>The payload column for each bucket element.</summary>
    public Column[] Sources { get; init; } = [];

    /// <summary>The bucket the before-images are read from (an existing bucket written in place).</summary>
    public StoredBucket? Bucket { get; set; }

    /// <summary>Before-images to log with the write (filled in by the encoder), one per partition merged in place.</summary>
    public TailImage[] Images { get; set; } = [];

    /// <summary>Time of output row <paramref name="outputRow"/>.</summary>
    public StoreTime TimeAt(int outputRow) => TimeOf(outputRow);

    public ReadOnlySpan<int> PermutationSpan => Permutation is null ? default : Permutation.AsSpan(0, Rows);

    public StoreTime First => TimeOf(0);

    public StoreTime Last => TimeOf(Rows - 1);

    private StoreTime TimeOf(int outputRow)
    {
        var input = Permutation is null ? outputRow : Permutation[outputRow];
        return new StoreTime(Keys![input], NanoKeys is null ? 0 : NanoKeys[input]);
    }

    public void Dispose()
    {
        if (Keys is not null) ArrayPool<long>.Shared.Return(Keys);
        if (NanoKeys is not null) ArrayPool<int>.Shared.Return(NanoKeys);
        if (Permutation is not null) ArrayPool<int>.Shared.Return(Permutation);
        Keys = null;
        NanoKeys = null;
        Permutation = null;
    }
}
