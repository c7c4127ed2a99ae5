using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Thrift;

/// <summary>Metadata values with every modelled field set, and their encodings.</summary>
internal static class MetadataSamples
{
    public static FileMetaData FullFileMetaData()
    {
        var logicalTypes = new[]
        {
            LogicalType.Of(LogicalTypeKind.String),
            LogicalType.Of(LogicalTypeKind.Map),
            LogicalType.Of(LogicalTypeKind.List),
            LogicalType.Of(LogicalTypeKind.Enum),
            LogicalType.Decimal(scale: 2, precision: 9),
            LogicalType.Of(LogicalTypeKind.Date),
            LogicalType.Time(isAdjustedToUtc: false, TimeUnit.Millis),
            LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Nanos),
            LogicalType.Integer(bitWidth: 16, isSigned: false),
            LogicalType.Of(LogicalTypeKind.Null),
            LogicalType.Of(LogicalTypeKind.Json),
            LogicalType.Of(LogicalTypeKind.Bson),
            LogicalType.Of(LogicalTypeKind.Uuid),
            LogicalType.Of(LogicalTypeKind.Float16),
        };

        var schema = new List<SchemaElement>
        {
            new() { Name = "schema", NumChildren = logicalTypes.Length },
        };
        for (var i = 0; i < logicalTypes.Length; i++)
        {
            schema.Add(new SchemaElement
            {
                Type = PhysicalType.FixedLenByteArray,
                TypeLength = 16 + i,
                RepetitionType = FieldRepetitionType.Optional,
                Name = "col_" + i + "_é",
                ConvertedType = ConvertedType.Decimal,
                Scale = 2,
                Precision = 9,
                FieldId = 100 + i,
                LogicalType = logicalTypes[i],
            });
        }

        return new FileMetaData
        {
            Version = 2,
            Schema = schema,
            NumRows = 1_234_567_890_123,
            RowGroups =
            [
                new RowGroup
                {
                    Columns = [FullColumnChunk(0), FullColumnChunk(1)],
                    TotalByteSize = 5_000_000_000,
                    NumRows = 1_234_567_890_123,
                    SortingColumns =
                    [
                        new SortingColumn { ColumnIdx = 1, Descending = true, NullsFirst = false },
                        new SortingColumn { ColumnIdx = 0, Descending = false, NullsFirst = true },
                    ],
                    FileOffset = 4,
                    TotalCompressedSize = 4_000_000_000,
                    Ordinal = 300,
                },
            ],
            KeyValueMetadata = [new KeyValue("ARROW:schema", "abc"), new KeyValue("no-value", null)],
            CreatedBy = "archiver version 1.0 (build test)",
            ColumnOrders =
            [
                ColumnOrder.TypeDefined(),
                new ColumnOrder { Kind = ColumnOrderKind.Ieee754TotalOrder },
                new ColumnOrder { Kind = ColumnOrderKind.Int96TimestampOrder },
            ],
        };
    }

    public static ColumnChunk FullColumnChunk(int index) => new()
    {
        FilePath = "part-" + index + ".parquet",
        FileOffset = 1000 + index,
        MetaData = new ColumnMetaData
        {
            Type = PhysicalType.ByteArray,
            Encodings = [ParquetEncoding.Plain, ParquetEncoding.RleDictionary, ParquetEncoding.Rle],
            PathInSchema = ["outer", "inner_" + index],
            Codec = CompressionCodec.Zstd,
            NumValues = 77_000,
            TotalUncompressedSize = 9_000_000,
            TotalCompressedSize = 3_000_000,
            KeyValueMetadata = [new KeyValue("k", "v")],
            DataPageOffset = 4_096 + index,
            IndexPageOffset = 8_192,
            DictionaryPageOffset = 4,
            Statistics = FullStatistics(),
            EncodingStats =
            [
                new PageEncodingStats { PageType = PageType.DictionaryPage, Encoding = ParquetEncoding.Plain, Count = 1 },
                new PageEncodingStats { PageType = PageType.DataPage, Encoding = ParquetEncoding.RleDictionary, Count = 12 },
            ],
            BloomFilterOffset = 10_000_000_000,
            BloomFilterLength = 2048,
        },
        OffsetIndexOffset = 20_000_000_000,
        OffsetIndexLength = 300,
        ColumnIndexOffset = 20_000_000_300,
        ColumnIndexLength = 400,
    };

    public static Statistics FullStatistics() => new()
    {
        Max = [0xFF, 0x7F],
        Min = [0x00],
        NullCount = 5,
        DistinctCount = 99,
        MaxValue = "zebra"u8.ToArray(),
        MinValue = "aardvark"u8.ToArray(),
        IsMaxValueExact = true,
        IsMinValueExact = false,
        NanCount = 0,
    };

    public static PageHeader FullDataPageV2Header() => new()
    {
        Type = PageType.DataPageV2,
        UncompressedPageSize = 1_048_576,
        CompressedPageSize = 65_000,
        Crc = -123_456_789,
        DataPageHeaderV2 = new DataPageHeaderV2
        {
            NumValues = 20_000,
            NumNulls = 17,
            NumRows = 19_000,
            Encoding = ParquetEncoding.DeltaBinaryPacked,
            DefinitionLevelsByteLength = 100,
            RepetitionLevelsByteLength = 50,
            IsCompressed = false,
            Statistics = FullStatistics(),
        },
    };

    public static byte[] Encode(FileMetaData metadata)
    {
        using var output = new PooledBufferWriter();
        ParquetMetadataCodec.WriteFileMetaData(metadata, output);
        return output.WrittenSpan.ToArray();
    }

    public static byte[] Encode(PageHeader header)
    {
        using var output = new PooledBufferWriter();
        ParquetMetadataCodec.WritePageHeader(header, output);
        return output.WrittenSpan.ToArray();
    }
}
