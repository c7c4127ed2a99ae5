namespace Archiver.Store.Buckets;

/// <summary>One named, typed column of a bucket schema.</summary>
public sealed record ColumnSpec(string Name, ColumnType Type)
{
    public override string ToString() => $"{Name}:{Type.ToTypeString()}";
}
