using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Parquet.Data;

/// <summary>Values of a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY column (strings included).</summary>
public sealed class BinaryColumnData : ColumnData
{
    public BinaryColumnData(ParquetField field, BinaryColumnValues values, bool[]? present = null)
        : base(field, values?.Count ?? 0, present)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
        if (field.PhysicalType == Metadata.PhysicalType.FixedLenByteArray)
        {
            for (var i = 0; i < values.Count; i++)
            {
                var length = values.Offsets[i + 1] - values.Offsets[i];
                if (length != field.TypeLength && (present is null || present[i]))
                    throw new ArgumentException($"Column '{field.Name}': value {i} has {length} bytes, the type has {field.TypeLength}.", nameof(values));
            }
        }
    }

    public BinaryColumnValues Values { get; }

    /// <summary>Value at <paramref name="row"/> as UTF-8 text.</summary>
    public string? GetString(int row) => HasValue(row) ? Values.GetString(row) : null;

    public override object? GetValue(int row)
    {
        if (!HasValue(row)) return null;
        return Field.IsText ? Values.GetString(row) : Values[row].ToArray();
    }
}
