namespace Archiver.Store.Buckets;

/// <summary>A bucket's identity and schema. <see cref="Elements"/> excludes the implicit Epoch (and, for variable buckets, Nanoseconds).</summary>
public sealed record BucketInfo(BucketKey Key, RecordKind Kind, IReadOnlyList<ColumnSpec> Elements)
{
    /// <summary>The columns a full read returns: Epoch, the elements, then Nanoseconds for variable buckets.</summary>
    public IReadOnlyList<ColumnSpec> ResultColumns
    {
        get
        {
            var list = new List<ColumnSpec>(Elements.Count + 2) { new(ColumnSeries.EpochColumn, ColumnType.I8) };
            list.AddRange(Elements);
            if (Kind == RecordKind.Variable) list.Add(new ColumnSpec(ColumnSeries.NanosecondsColumn, ColumnType.I4));
            return list;
        }
    }
}
