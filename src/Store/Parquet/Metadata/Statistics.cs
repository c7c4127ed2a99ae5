using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// Column chunk or page statistics (parquet.thrift <c>Statistics</c>). Values are PLAIN-encoded without a length
/// prefix. All fields are optional.
/// </summary>
public sealed class Statistics
{
    /// <summary>Field 1: legacy maximum, ordered by signed comparison.</summary>
    public byte[]? Max { get; set; }

    /// <summary>Field 2: legacy minimum, ordered by signed comparison.</summary>
    public byte[]? Min { get; set; }

    /// <summary>Field 3.</summary>
    public long? NullCount { get; set; }

    /// <summary>Field 4.</summary>
    public long? DistinctCount { get; set; }

    /// <summary>Field 5: upper bound under the column's order.</summary>
    public byte[]? MaxValue { get; set; }

    /// <summary>Field 6: lower bound under the column's order.</summary>
    public byte[]? MinValue { get; set; }

    /// <summary>Field 7.</summary>
    public bool? IsMaxValueExact { get; set; }

    /// <summary>Field 8.</summary>
    public bool? IsMinValueExact { get; set; }

    /// <summary>Field 9: count of NaN values (floating-point columns).</summary>
    public long? NanCount { get; set; }

    internal static Statistics Read(ref ThriftCompactReader reader)
    {
        var result = new Statistics();
        reader.ReadStructBegin();
        while (reader.ReadFieldHeader(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary:
                    result.Max = reader.ReadBinary();
                    break;
                case 2 when type == ThriftType.Binary:
                    result.Min = reader.ReadBinary();
                    break;
                case 3 when type == ThriftType.I64:
                    result.NullCount = reader.ReadI64();
                    break;
                case 4 when type == ThriftType.I64:
                    result.DistinctCount = reader.ReadI64();
                    break;
                case 5 when type == ThriftType.Binary:
                    result.MaxValue = reader.ReadBinary();
                    break;
                case 6 when type == ThriftType.Binary:
                    result.MinValue = reader.ReadBinary();
                    break;
                case 7 when type == ThriftType.Bool:
                    result.IsMaxValueExact = reader.ReadBool();
                    break;
                case 8 when type == ThriftType.Bool:
                    result.IsMinValueExact = reader.ReadBool();
                    break;
                case 9 when type == ThriftType.I64:
                    result.NanCount = reader.ReadI64();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        reader.ReadStructEnd();
        return result;
    }

    internal void Write(ThriftCompactWriter writer)
    {
        writer.WriteStructBegin();
        if (Max is not null) writer.WriteBinaryField(1, Max);
        if (Min is not null) writer.WriteBinaryField(2, Min);
        if (NullCount is { } nullCount) writer.WriteI64Field(3, nullCount);
        if (DistinctCount is { } distinct) writer.WriteI64Field(4, distinct);
        if (MaxValue is not null) writer.WriteBinaryField(5, MaxValue);
        if (MinValue is not null) writer.WriteBinaryField(6, MinValue);
        if (IsMaxValueExact is { } maxExact) writer.WriteBoolField(7, maxExact);
        if (IsMinValueExact is { } minExact) writer.WriteBoolField(8, minExact);
        if (NanCount is { } nanCount) writer.WriteI64Field(9, nanCount);
        writer.WriteStructEnd();
    }
}
