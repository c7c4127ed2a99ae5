namespace Archiver.Store.Parquet.Metadata;

/// <summary>Repetition of a schema field (parquet.thrift <c>FieldRepetitionType</c>).</summary>
public enum FieldRepetitionType
{
    Required = 0,
    Optional = 1,
    Repeated = 2,
}
