using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Tests.Parquet.Thrift;

/// <summary>Decoding of bytes assembled by hand from the compact protocol specification.</summary>
public sealed class ThriftCompactReaderTests
{
    [Fact]
    public void Short_form_delta_and_long_form_field_ids_decode_to_the_right_ids_and_values()
    {
        byte[] bytes =
        [
            0x15, 0x04, // delta 1, i32: field 1 = zigzag 4 = 2
            0x05, 0x28, 0x0A, // long form, i32, id zigzag 40 = 20: value zigzag 10 = 5
            0x35, 0x01, // delta 3 from 20, i32: field 23 = zigzag 1 = -1
            0x05, 0x0A, 0xD7, 0x04, // long form back down to field 5: zigzag 599 = -300
            0x00,
        ];
        var reader = new ThriftCompactReader(bytes);
        reader.ReadStructBegin();

        var fields = new List<(short Id, ThriftType Type, int Value)>();
        while (reader.ReadFieldHeader(out var id, out var type)) fields.Add((id, type, reader.ReadI32()));
        reader.ReadStructEnd();

        Assert.Equal([(1, ThriftType.I32, 2), (20, ThriftType.I32, 5), (23, ThriftType.I32, -1), (5, ThriftType.I32, -300)], fields);
        Assert.Equal(bytes.Length, reader.Position);
        Assert.Equal(0, reader.Depth);
    }

    [Fact]
    public void Bool_fields_carry_their_value_in_the_type_nibble_and_consume_no_value_bytes()
    {
        byte[] bytes = [0x11, 0x12, 0x01, 0x0A, 0x00]; // field 1 true, field 2 false, long-form field 5 true, stop
        var reader = new ThriftCompactReader(bytes);
        reader.ReadStructBegin();

        Assert.True(reader.ReadFieldHeader(out var id1, out var t1));
        Assert.Equal((1, ThriftType.Bool, true), (id1, t1, reader.ReadBool()));
        Assert.True(reader.ReadFieldHeader(out var id2, out var t2));
        Assert.Equal((2, ThriftType.Bool, false), (id2, t2, reader.ReadBool()));
        Assert.Equal(2, reader.Position);
        Assert.True(reader.ReadFieldHeader(out var id5, out var t5));
        Assert.Equal((5, ThriftType.Bool, true), (id5, t5, reader.ReadBool()));
        Assert.False(reader.ReadFieldHeader(out _, out _));
    }

    [Fact]
    public void Long_list_header_i64_double_and_string_values_decode()
    {
        byte[] bytes =
        [
            0xF6, 0x10, // long-form list header: 16 elements of i64
            .. Enumerable.Range(0, 16).Select(i => (byte)(i * 2)), // zigzag 2i encodes i
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, // double 1.0, little-endian
            0x03, (byte)'a', (byte)'b', (byte)'c', // string "abc"
            0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, // i64 long.MaxValue (10-byte varint)
            0xFF, 0xFF, 0xFF, 0xFF, 0x0F, // i32 int.MinValue (zigzag 0xFFFFFFFF, 5-byte varint)
        ];
        var reader = new ThriftCompactReader(bytes);

        var count = reader.ReadListHeader(out var element);
        var values = new List<long>();
        for (var i = 0; i < count; i++) values.Add(reader.ReadI64());

        Assert.Equal(ThriftType.I64, element);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (long)i), values);
        Assert.Equal(1.0, reader.ReadDouble());
        Assert.Equal("abc", reader.ReadString());
        Assert.Equal(long.MaxValue, reader.ReadI64());
        Assert.Equal(int.MinValue, reader.ReadI32());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Footer_with_list_of_structs_and_unknown_struct_list_set_map_double_uuid_fields_decodes_known_fields()
    {
        byte[] bytes =
        [
            0x15, 0x02, // 1: version = 1
            0x19, 0x1C, // 2: schema, list of 1 struct
            0x48, 0x04, (byte)'r', (byte)'o', (byte)'o', (byte)'t', 0x15, 0x00, 0x00, // name "root", num_children 0
            0x16, 0x14, // 3: num_rows = 10
            0x19, 0x0C, // 4: row_groups, empty
            0x0C, 0x28, // 20 (long form): unknown struct
            0x15, 0x02, // ..1: i32
            0x1C, 0x18, 0x01, (byte)'x', 0x12, 0x00, // ..2: nested struct { 1: "x", 2: false }
            0x00, // end of unknown struct
            0x19, 0x25, 0x02, 0x04, // 21: unknown list<i32> [1, 2]
            0x1A, 0x31, 0x01, 0x00, 0x02, // 22: unknown set<bool> {true, false, false}
            0x1B, 0x02, 0x85, 0x01, (byte)'a', 0x02, 0x01, (byte)'b', 0x04, // 23: unknown map<binary,i32> {a:1, b:2}
            0x1B, 0x00, // 24: unknown empty map
            0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, // 25: unknown double
            0x1D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 26: unknown uuid
            0x19, 0x19, 0x1C, 0x00, // 27: unknown list<list<struct>> [[{}]]
            0x09, 0x0A, 0x2C, // 5 (long form, going back): key_value_metadata, list of 2 structs
            0x18, 0x01, (byte)'k', 0x18, 0x01, (byte)'v', 0x00, // { key "k", value "v" }
            0x18, 0x02, (byte)'k', (byte)'2', 0x00, // { key "k2" }
            0x18, 0x02, (byte)'h', (byte)'i', // 6: created_by "hi"
            0x00,
        ];

        var metadata = ParquetMetadataCodec.ReadFileMetaData(bytes);

        Assert.Equal(1, metadata.Version);
        Assert.Equal("root", Assert.Single(metadata.Schema).Name);
        Assert.Equal(0, metadata.Schema[0].NumChildren);
        Assert.Equal(10, metadata.NumRows);
        Assert.Empty(metadata.RowGroups);
        Assert.Equal(2, metadata.KeyValueMetadata!.Count);
        Assert.Equal(("k", "v"), (metadata.KeyValueMetadata[0].Key, metadata.KeyValueMetadata[0].Value));
        Assert.Equal(("k2", (string?)null), (metadata.KeyValueMetadata[1].Key, metadata.KeyValueMetadata[1].Value));
        Assert.Equal("hi", metadata.CreatedBy);
    }

    [Fact]
    public void Page_header_with_negative_crc_decodes_and_reports_where_the_page_data_starts()
    {
        byte[] bytes =
        [
            0x15, 0x00, // 1: type DATA_PAGE
            0x15, 0x80, 0x01, // 2: uncompressed 64 (zigzag 128, two-byte varint)
            0x15, 0x7E, // 3: compressed 63
            0x15, 0xD7, 0x04, // 4: crc -300
            0x1C, 0x15, 0x14, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00, // 5: data page header 10 values, PLAIN, RLE, RLE
            0x00,
            0xAA, 0xBB, // page data
        ];

        var header = ParquetMetadataCodec.ReadPageHeader(bytes, out var consumed);

        Assert.Equal(bytes.Length - 2, consumed);
        Assert.Equal(PageType.DataPage, header.Type);
        Assert.Equal(64, header.UncompressedPageSize);
        Assert.Equal(63, header.CompressedPageSize);
        Assert.Equal(-300, header.Crc);
        Assert.Equal(10, header.DataPageHeader!.NumValues);
        Assert.Equal(ParquetEncoding.Plain, header.DataPageHeader.Encoding);
        Assert.Equal(ParquetEncoding.Rle, header.DataPageHeader.DefinitionLevelEncoding);
        Assert.Equal(ParquetEncoding.Rle, header.DataPageHeader.RepetitionLevelEncoding);
    }

    [Theory]
    [InlineData(new byte[] { }, true)]
    [InlineData(new byte[] { 0x12 }, false)]
    [InlineData(new byte[] { 0x11 }, true)]
    public void Data_page_v2_is_compressed_defaults_to_true_when_absent(byte[] isCompressedField, bool expected)
    {
        byte[] bytes =
        [
            0x15, 0x06, 0x15, 0x10, 0x15, 0x10, // type DATA_PAGE_V2, sizes 8 and 8
            0x5C, // 8: data_page_header_v2
            0x15, 0x08, 0x15, 0x02, 0x15, 0x04, 0x15, 0x00, 0x15, 0x04, 0x15, 0x00, // fields 1..6
            .. isCompressedField, // optional 7 (delta 1 from 6)
            0x00, 0x00,
        ];

        var header = ParquetMetadataCodec.ReadPageHeader(bytes, out _);

        var v2 = header.DataPageHeaderV2!;
        Assert.Equal((4, 1, 2, 2, 0), (v2.NumValues, v2.NumNulls, v2.NumRows, v2.DefinitionLevelsByteLength, v2.RepetitionLevelsByteLength));
        Assert.Equal(expected, v2.IsCompressed);
    }

    [Fact]
    public void Unknown_logical_type_member_is_skipped_and_reported_as_unrecognized()
    {
        byte[] bytes =
        [
            0x48, 0x01, (byte)'v', // 4: name "v"
            0x6C, // 10: logicalType
            0x0C, 0x20, 0x13, 0x05, 0x00, // member 16 (long form, VARIANT): { 1: i8 5 }
            0x00, // end of union
            0x15, 0x2A, // 11: unknown i32 after the union (vector_length)
            0x00,
        ];
        var reader = new ThriftCompactReader(bytes);

        var element = SchemaElement.Read(ref reader);

        Assert.Equal("v", element.Name);
        Assert.Equal(LogicalTypeKind.Unrecognized, element.LogicalType!.Kind);
        Assert.Equal(16, element.LogicalType.UnrecognizedFieldId);
        Assert.Equal(bytes.Length, reader.Position);
    }

    [Fact]
    public void Unknown_time_unit_makes_the_logical_type_unrecognized_instead_of_failing()
    {
        byte[] bytes =
        [
            0x8C, // 8: TIMESTAMP
            0x11, // 1: isAdjustedToUTC true
            0x1C, 0x4C, 0x00, 0x00, // 2: unit = member 4 (unknown) {}
            0x00, 0x00,
        ];
        var reader = new ThriftCompactReader(bytes);

        var logical = LogicalType.Read(ref reader);

        Assert.Equal(LogicalTypeKind.Unrecognized, logical.Kind);
        Assert.Equal(8, logical.UnrecognizedFieldId);
    }

    [Fact]
    public void Unknown_column_order_member_is_kept_as_unrecognized_and_written_back_under_its_id()
    {
        byte[] bytes = [0x5C, 0x00, 0x00]; // member 5 {}
        var reader = new ThriftCompactReader(bytes);

        var order = ColumnOrder.Read(ref reader);
        using var output = new Archiver.Store.Parquet.IO.PooledBufferWriter();
        order.Write(new ThriftCompactWriter(output));

        Assert.Equal(ColumnOrderKind.Unrecognized, order.Kind);
        Assert.Equal(5, order.UnrecognizedFieldId);
        Assert.Equal(bytes, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Known_field_with_an_unexpected_wire_type_is_skipped_not_misread()
    {
        byte[] bytes = [0x48, 0x01, (byte)'n', 0x16, 0x02, 0x00]; // name "n", then field 5 num_children as i64 (wrong)
        var reader = new ThriftCompactReader(bytes);

        var element = SchemaElement.Read(ref reader);

        Assert.Equal("n", element.Name);
        Assert.Null(element.NumChildren);
    }

    [Theory]
    [InlineData(new byte[] { 0x15, 0x02, 0x16, 0x00, 0x19, 0x0C, 0x00 }, "FileMetaData.schema")]
    [InlineData(new byte[] { 0x15, 0x02, 0x19, 0x0C, 0x19, 0x0C, 0x00 }, "FileMetaData.num_rows")]
    [InlineData(new byte[] { 0x19, 0x0C, 0x16, 0x00, 0x19, 0x0C, 0x00 }, "FileMetaData.version")]
    [InlineData(new byte[] { 0x15, 0x02, 0x19, 0x0C, 0x16, 0x00, 0x00 }, "FileMetaData.row_groups")]
    [InlineData(new byte[] { 0x15, 0x02, 0x19, 0x1C, 0x15, 0x02, 0x00, 0x16, 0x00, 0x19, 0x0C, 0x00 }, "SchemaElement.name")]
    public void Missing_required_footer_fields_are_named_in_the_error(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadFileMetaData(bytes));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x02, 0x15, 0x02, 0x00 }, "PageHeader.type")]
    [InlineData(new byte[] { 0x15, 0x00, 0x25, 0x02, 0x00 }, "PageHeader.uncompressed_page_size")]
    [InlineData(new byte[] { 0x15, 0x00, 0x15, 0x02, 0x00 }, "PageHeader.compressed_page_size")]
    public void Missing_required_page_header_fields_are_named_in_the_error(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadPageHeader(bytes, out _));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x15, 0x02, 0x19, 0x0C, 0x16, 0x01, 0x19, 0x0C, 0x00 }, "FileMetaData.num_rows: -1")]
    [InlineData(new byte[] { 0x15, 0x02, 0x19, 0x1C, 0x48, 0x01, (byte)'r', 0x15, 0x03, 0x00, 0x16, 0x00, 0x19, 0x0C, 0x00 }, "SchemaElement.num_children: -2")]
    public void Negative_counts_in_the_footer_are_rejected(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadFileMetaData(bytes));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_page_size_is_rejected()
    {
        byte[] bytes = [0x15, 0x00, 0x15, 0x01, 0x15, 0x00, 0x00];
        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadPageHeader(bytes, out _));
        Assert.Contains("PageHeader.uncompressed_page_size: -1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skipping_a_whole_footer_consumes_it_exactly_and_allocates_nothing()
    {
        var bytes = MetadataSamples.Encode(MetadataSamples.FullFileMetaData());
        SkipAll(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var consumed = SkipAll(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(0, allocated);
    }

    private static int SkipAll(byte[] bytes)
    {
        var reader = new ThriftCompactReader(bytes);
        reader.Skip(ThriftType.Struct);
        return reader.Position;
    }
}
