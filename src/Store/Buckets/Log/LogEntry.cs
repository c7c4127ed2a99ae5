using Archiver.Store.Buckets.Storage;

namespace Archiver.Store.Buckets.Log;

/// <summary>
/// One step of a logged transaction. <see cref="Elements"/> and <see cref="RecordKind"/> are the schema a Create or
/// a bucket-creating Write gives the bucket (for other writes, the schema the rows were prepared for).
/// </summary>
internal sealed record LogEntry(LogEntryKind Kind, BucketKey Key, RecordKind RecordKind, ColumnSpec[] Elements, bool CreatesBucket, PreparedWrite? Write)
{
    public static LogEntry Destroy(BucketKey key) => new(LogEntryKind.Destroy, key, RecordKind.Fixed, [], false, null);

    public static LogEntry Create(BucketKey key, RecordKind kind, ColumnSpec[] elements) => new(LogEntryKind.Create, key, kind, elements, true, null);
}
