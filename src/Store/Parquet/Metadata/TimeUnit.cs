namespace Archiver.Store.Parquet.Metadata;

/// <summary>Unit of a TIMESTAMP or TIME logical type.</summary>
public enum TimeUnit
{
    Millis = 0,
    Micros = 1,
    Nanos = 2,
}
