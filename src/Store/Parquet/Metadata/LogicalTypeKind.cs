namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// Which member of the parquet.thrift <c>LogicalType</c> union is set. Values equal the union's field ids.
/// </summary>
public enum LogicalTypeKind
{
    /// <summary>
    /// A union member this codec does not know (for example VARIANT or GEOMETRY), or an empty union. Its content was
    /// skipped; <see cref="LogicalType.UnrecognizedFieldId"/> tells which member it was.
    /// </summary>
    Unrecognized = 0,

    String = 1,
    Map = 2,
    List = 3,
    Enum = 4,

    /// <summary>See <see cref="LogicalType.DecimalScale"/> and <see cref="LogicalType.DecimalPrecision"/>.</summary>
    Decimal = 5,

    Date = 6,

    /// <summary>See <see cref="LogicalType.IsAdjustedToUtc"/> and <see cref="LogicalType.Unit"/>.</summary>
    Time = 7,

    /// <summary>See <see cref="LogicalType.IsAdjustedToUtc"/> and <see cref="LogicalType.Unit"/>.</summary>
    Timestamp = 8,

    /// <summary>See <see cref="LogicalType.BitWidth"/> and <see cref="LogicalType.IsSigned"/>.</summary>
    Integer = 10,

    /// <summary>Parquet's <c>UNKNOWN</c> member (NullType): a column that only ever holds nulls.</summary>
    Null = 11,

    Json = 12,
    Bson = 13,
    Uuid = 14,
    Float16 = 15,
}
