namespace Archiver.Store.Buckets;

/// <summary>
/// The bucket store: create, write, read, destroy and list time buckets with MarketStore's semantics
/// (<c>docs/ARCHITECTURE.md</c>, "The store"). Thread-safe: readers run concurrently with writers and never see half
/// of a write. Every method that refuses a request throws <see cref="StoreException"/> and changes nothing.
/// </summary>
public interface IBucketStore : IDisposable
{
    /// <summary>Creates a bucket with an explicit schema (Epoch implicit and dropped from <paramref name="elements"/> if given).</summary>
    BucketInfo Create(BucketKey key, IReadOnlyList<ColumnSpec> elements, RecordKind kind);

    /// <summary>
    /// Applies the writes as one transaction (one log commit): all or nothing, durable and visible when it returns.
    /// A missing bucket is created from the first write's columns. Zero-row writes are no-ops.
    /// </summary>
    void Write(IReadOnlyList<BucketWrite> writes);

    /// <summary>Deletes a bucket; false when it does not exist.</summary>
    bool Destroy(BucketKey key);

    /// <summary>The bucket's schema, or null when it does not exist.</summary>
    BucketInfo? Find(BucketKey key);

    /// <summary>Every bucket key, sorted ordinally by symbol, timeframe, attribute group.</summary>
    IReadOnlyList<BucketKey> Keys();

    /// <summary>The distinct symbols, sorted ordinally.</summary>
    IReadOnlyList<string> Symbols();

    /// <summary>Reads a bucket; throws <see cref="StoreException"/> when it does not exist. An empty range gives zero rows.</summary>
    ColumnSeries Read(BucketKey key, ReadRequest request);

    /// <summary>Registers an observer of committed writes.</summary>
    void AddObserver(IBucketWriteObserver observer);
}
