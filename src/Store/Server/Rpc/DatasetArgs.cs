namespace Archiver.Store.Server.Rpc;

/// <summary>
/// A NumpyMultiDataset as a client sends it in a write: per-column names, type strings and packed little-endian bytes
/// (slices of the request body, not copies), the total row count, and per key (in the order sent) its first row and
/// row count.
/// </summary>
public sealed record DatasetArgs(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Types,
    IReadOnlyList<ReadOnlyMemory<byte>> Data,
    long Length,
    IReadOnlyList<KeyValuePair<string, long>> StartIndex,
    IReadOnlyDictionary<string, long> Lengths);
