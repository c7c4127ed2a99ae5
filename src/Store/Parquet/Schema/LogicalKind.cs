namespace Archiver.Store.Parquet.Schema;

/// <summary>What a column's physical values mean (the subset of parquet logical types the codec models).</summary>
public enum LogicalKind
{
    /// <summary>No annotation: the physical type is the meaning.</summary>
    None,

    /// <summary>UTF-8 text in a BYTE_ARRAY.</summary>
    String,

    /// <summary>An enumeration's name as UTF-8 text in a BYTE_ARRAY.</summary>
    Enum,

    /// <summary>JSON text in a BYTE_ARRAY.</summary>
    Json,

    /// <summary>An integer of <see cref="ParquetField.IntBitWidth"/> bits, signed or not.</summary>
    Integer,

    /// <summary>Instant or local time since the Unix epoch in <see cref="ParquetField.TimeUnit"/>.</summary>
    Timestamp,

    /// <summary>Days since the Unix epoch in an INT32.</summary>
    Date,

    /// <summary>Time of day in <see cref="ParquetField.TimeUnit"/>.</summary>
    Time,

    /// <summary>Fixed-point decimal (read only: values are returned unscaled).</summary>
    Decimal,

    /// <summary>A 16-byte UUID in a FIXED_LEN_BYTE_ARRAY.</summary>
    Uuid,

    /// <summary>A half-precision float in a 2-byte FIXED_LEN_BYTE_ARRAY (read as raw bytes).</summary>
    Float16,
}
