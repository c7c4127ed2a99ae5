using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Thrift;

public sealed class MetadataRoundTripTests
{
    [Fact]
    public void FileMetaData_with_every_field_set_survives_write_then_read()
    {
        var original = MetadataSamples.FullFileMetaData();
        var bytes = MetadataSamples.Encode(original);

        var read = ParquetMetadataCodec.ReadFileMetaData(bytes);

        Assert.Equal(2, read.Version);
        Assert.Equal(1_234_567_890_123, read.NumRows);
        Assert.Equal("archiver version 1.0 (build test)", read.CreatedBy);
        Assert.Equal(15, read.Schema.Count);
        Assert.Equal("schema", read.Schema[0].Name);
        Assert.Equal(14, read.Schema[0].NumChildren);
        Assert.Null(read.Schema[0].Type);
        Assert.Null(read.Schema[0].RepetitionType);

        var leaf = read.Schema[3];
        Assert.Equal("col_2_é", leaf.Name);
        Assert.Equal(PhysicalType.FixedLenByteArray, leaf.Type);
        Assert.Equal(18, leaf.TypeLength);
        Assert.Equal(FieldRepetitionType.Optional, leaf.RepetitionType);
        Assert.Equal(ConvertedType.Decimal, leaf.ConvertedType);
        Assert.Equal(2, leaf.Scale);
        Assert.Equal(9, leaf.Precision);
        Assert.Equal(102, leaf.FieldId);

        var expectedKinds = new[]
        {
            LogicalTypeKind.String, LogicalTypeKind.Map, LogicalTypeKind.List, LogicalTypeKind.Enum,
            LogicalTypeKind.Decimal, LogicalTypeKind.Date, LogicalTypeKind.Time, LogicalTypeKind.Timestamp,
            LogicalTypeKind.Integer, LogicalTypeKind.Null, LogicalTypeKind.Json, LogicalTypeKind.Bson,
            LogicalTypeKind.Uuid, LogicalTypeKind.Float16,
        };
        Assert.Equal(expectedKinds, read.Schema.Skip(1).Select(s => s.LogicalType!.Kind));
        var decimalType = read.Schema[5].LogicalType!;
        Assert.Equal((2, 9), (decimalType.DecimalScale, decimalType.DecimalPrecision));
        var time = read.Schema[7].LogicalType!;
        Assert.Equal((false, TimeUnit.Millis), (time.IsAdjustedToUtc, time.Unit));
        var timestamp = read.Schema[8].LogicalType!;
        Assert.Equal((true, TimeUnit.Nanos), (timestamp.IsAdjustedToUtc, timestamp.Unit));
        var integer = read.Schema[9].LogicalType!;
        Assert.Equal((16, false), (integer.BitWidth, integer.IsSigned));

        var rowGroup = Assert.Single(read.RowGroups);
        Assert.Equal(5_000_000_000, rowGroup.TotalByteSize);
        Assert.Equal(1_234_567_890_123, rowGroup.NumRows);
        Assert.Equal(4, rowGroup.FileOffset);
        Assert.Equal(4_000_000_000, rowGroup.TotalCompressedSize);
        Assert.Equal((short)300, rowGroup.Ordinal);
        Assert.Equal(2, rowGroup.SortingColumns!.Count);
        Assert.Equal((1, true, false), (rowGroup.SortingColumns[0].ColumnIdx, rowGroup.SortingColumns[0].Descending, rowGroup.SortingColumns[0].NullsFirst));
        Assert.Equal((0, false, true), (rowGroup.SortingColumns[1].ColumnIdx, rowGroup.SortingColumns[1].Descending, rowGroup.SortingColumns[1].NullsFirst));

        Assert.Equal(2, rowGroup.Columns.Count);
        var chunk = rowGroup.Columns[1];
        Assert.Equal("part-1.parquet", chunk.FilePath);
        Assert.Equal(1001, chunk.FileOffset);
        Assert.Equal(20_000_000_000, chunk.OffsetIndexOffset);
        Assert.Equal(300, chunk.OffsetIndexLength);
        Assert.Equal(20_000_000_300, chunk.ColumnIndexOffset);
        Assert.Equal(400, chunk.ColumnIndexLength);

        var meta = chunk.MetaData!;
        Assert.Equal(PhysicalType.ByteArray, meta.Type);
        Assert.Equal([ParquetEncoding.Plain, ParquetEncoding.RleDictionary, ParquetEncoding.Rle], meta.Encodings);
        Assert.Equal(["outer", "inner_1"], meta.PathInSchema);
        Assert.Equal(CompressionCodec.Zstd, meta.Codec);
        Assert.Equal(77_000, meta.NumValues);
        Assert.Equal(9_000_000, meta.TotalUncompressedSize);
        Assert.Equal(3_000_000, meta.TotalCompressedSize);
        Assert.Equal("k", Assert.Single(meta.KeyValueMetadata!).Key);
        Assert.Equal(4_097, meta.DataPageOffset);
        Assert.Equal(8_192, meta.IndexPageOffset);
        Assert.Equal(4, meta.DictionaryPageOffset);
        Assert.Equal(10_000_000_000, meta.BloomFilterOffset);
        Assert.Equal(2048, meta.BloomFilterLength);
        Assert.Equal(2, meta.EncodingStats!.Count);
        Assert.Equal((PageType.DataPage, ParquetEncoding.RleDictionary, 12), (meta.EncodingStats[1].PageType, meta.EncodingStats[1].Encoding, meta.EncodingStats[1].Count));
        AssertFullStatistics(meta.Statistics!);

        Assert.Equal(2, read.KeyValueMetadata!.Count);
        Assert.Equal(("ARROW:schema", "abc"), (read.KeyValueMetadata[0].Key, read.KeyValueMetadata[0].Value));
        Assert.Equal(("no-value", (string?)null), (read.KeyValueMetadata[1].Key, read.KeyValueMetadata[1].Value));
        Assert.Equal(
            [ColumnOrderKind.TypeDefined, ColumnOrderKind.Ieee754TotalOrder, ColumnOrderKind.Int96TimestampOrder],
            read.ColumnOrders!.Select(o => o.Kind));

        // Writing what was read reproduces the bytes exactly: nothing was lost or reordered.
        Assert.Equal(bytes, MetadataSamples.Encode(read));
    }

    [Fact]
    public void PageHeader_v2_with_every_field_set_survives_write_then_read_and_reports_its_length()
    {
        var bytes = MetadataSamples.Encode(MetadataSamples.FullDataPageV2Header());
        var withPayload = bytes.Concat(new byte[] { 0xAB, 0xCD, 0xEF }).ToArray();

        var read = ParquetMetadataCodec.ReadPageHeader(withPayload, out var consumed);

        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(PageType.DataPageV2, read.Type);
        Assert.Equal(1_048_576, read.UncompressedPageSize);
        Assert.Equal(65_000, read.CompressedPageSize);
        Assert.Equal(-123_456_789, read.Crc);
        var v2 = read.DataPageHeaderV2!;
        Assert.Equal(20_000, v2.NumValues);
        Assert.Equal(17, v2.NumNulls);
        Assert.Equal(19_000, v2.NumRows);
        Assert.Equal(ParquetEncoding.DeltaBinaryPacked, v2.Encoding);
        Assert.Equal(100, v2.DefinitionLevelsByteLength);
        Assert.Equal(50, v2.RepetitionLevelsByteLength);
        Assert.False(v2.IsCompressed);
        AssertFullStatistics(v2.Statistics!);
        Assert.Null(read.DataPageHeader);
        Assert.Null(read.DictionaryPageHeader);
        Assert.Null(read.IndexPageHeader);
    }

    [Fact]
    public void Dictionary_data_v1_and_index_page_headers_survive_write_then_read()
    {
        var dictionary = new PageHeader
        {
            Type = PageType.DictionaryPage,
            UncompressedPageSize = 10,
            CompressedPageSize = 8,
            DictionaryPageHeader = new DictionaryPageHeader { NumValues = 3, Encoding = ParquetEncoding.Plain, IsSorted = true },
        };
        var dataV1 = new PageHeader
        {
            Type = PageType.DataPage,
            UncompressedPageSize = 0,
            CompressedPageSize = 0,
            DataPageHeader = new DataPageHeader
            {
                NumValues = 4,
                Encoding = ParquetEncoding.RleDictionary,
                DefinitionLevelEncoding = ParquetEncoding.Rle,
                RepetitionLevelEncoding = ParquetEncoding.BitPacked,
                Statistics = new Statistics { NullCount = 1 },
            },
        };
        var index = new PageHeader { Type = PageType.IndexPage, UncompressedPageSize = 1, CompressedPageSize = 1, IndexPageHeader = new IndexPageHeader() };

        var d = ParquetMetadataCodec.ReadPageHeader(MetadataSamples.Encode(dictionary), out _);
        var v1 = ParquetMetadataCodec.ReadPageHeader(MetadataSamples.Encode(dataV1), out _);
        var i = ParquetMetadataCodec.ReadPageHeader(MetadataSamples.Encode(index), out _);

        Assert.Equal((3, ParquetEncoding.Plain, (bool?)true), (d.DictionaryPageHeader!.NumValues, d.DictionaryPageHeader.Encoding, d.DictionaryPageHeader.IsSorted));
        Assert.Null(d.Crc);
        Assert.Equal(4, v1.DataPageHeader!.NumValues);
        Assert.Equal(ParquetEncoding.RleDictionary, v1.DataPageHeader.Encoding);
        Assert.Equal(ParquetEncoding.Rle, v1.DataPageHeader.DefinitionLevelEncoding);
        Assert.Equal(ParquetEncoding.BitPacked, v1.DataPageHeader.RepetitionLevelEncoding);
        Assert.Equal(1, v1.DataPageHeader.Statistics!.NullCount);
        Assert.Null(v1.DataPageHeader.Statistics.Max);
        Assert.Equal(PageType.IndexPage, i.Type);
        Assert.NotNull(i.IndexPageHeader);
    }

    [Fact]
    public void Optional_fields_left_unset_are_not_written_and_read_back_as_null()
    {
        var minimal = new FileMetaData
        {
            Schema = [new SchemaElement { Name = "root", NumChildren = 0 }],
            NumRows = 0,
        };

        var bytes = MetadataSamples.Encode(minimal);
        var read = ParquetMetadataCodec.ReadFileMetaData(bytes);

        byte[] expected =
        [
            0x15, 0x02, // field 1 (delta 1, i32): version 1
            0x19, 0x1C, // field 2 (list): 1 element of struct
            0x48, 0x04, (byte)'r', (byte)'o', (byte)'o', (byte)'t', // field 4 (delta 4, binary) "root"
            0x15, 0x00, // field 5 (i32): num_children 0
            0x00, // end of SchemaElement
            0x16, 0x00, // field 3 (i64): num_rows 0
            0x19, 0x0C, // field 4 (list): 0 elements of struct
            0x00, // end of FileMetaData
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal(1, read.Version);
        Assert.Null(read.KeyValueMetadata);
        Assert.Null(read.CreatedBy);
        Assert.Null(read.ColumnOrders);
        Assert.Empty(read.RowGroups);
        Assert.Null(read.Schema[0].LogicalType);
        Assert.Null(read.Schema[0].FieldId);
    }

    [Fact]
    public void Writing_a_page_header_allocates_nothing_once_warm()
    {
        var header = MetadataSamples.FullDataPageV2Header();
        using var output = new PooledBufferWriter(64 * 1024);
        ParquetMetadataCodec.WritePageHeader(header, output);
        output.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            output.Clear();
            ParquetMetadataCodec.WritePageHeader(header, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertFullStatistics(Statistics s)
    {
        Assert.Equal(new byte[] { 0xFF, 0x7F }, s.Max);
        Assert.Equal(new byte[] { 0x00 }, s.Min);
        Assert.Equal(5, s.NullCount);
        Assert.Equal(99, s.DistinctCount);
        Assert.Equal("zebra"u8.ToArray(), s.MaxValue);
        Assert.Equal("aardvark"u8.ToArray(), s.MinValue);
        Assert.True(s.IsMaxValueExact);
        Assert.False(s.IsMinValueExact);
        Assert.Equal(0, s.NanCount);
    }
}
