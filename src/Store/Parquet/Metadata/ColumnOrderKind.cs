namespace Archiver.Store.Parquet.Metadata;

/// <summary>Which member of the parquet.thrift <c>ColumnOrder</c> union is set. Values equal the field ids.</summary>
public enum ColumnOrderKind
{
    /// <summary>A member this codec does not know, or an empty union: min/max statistics should be ignored.</summary>
    Unrecognized = 0,

    /// <summary>TYPE_ORDER: the order defined by the logical or physical type.</summary>
    TypeDefined = 1,

    /// <summary>IEEE_754_TOTAL_ORDER for floating-point columns.</summary>
    Ieee754TotalOrder = 2,

    /// <summary>INT96_TIMESTAMP_ORDER: chronological order of INT96 timestamps.</summary>
    Int96TimestampOrder = 3,
}
