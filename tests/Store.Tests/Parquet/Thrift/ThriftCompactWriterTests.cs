using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Tests.Parquet.Thrift;

public sealed class ThriftCompactWriterTests
{
    [Fact]
    public void Field_headers_use_delta_when_1_to_15_and_long_form_otherwise_with_bools_in_the_type()
    {
        using var output = new PooledBufferWriter();
        var writer = new ThriftCompactWriter(output);

        writer.WriteStructBegin();
        writer.WriteI32Field(1, 2);
        writer.WriteI32Field(20, -300);
        writer.WriteBoolField(5, true);
        writer.WriteBoolField(6, false);
        writer.WriteI64Field(21, -1);
        writer.WriteI32Field(37, 0);
        writer.WriteStructEnd();

        byte[] expected =
        [
            0x15, 0x04, // field 1 by delta, zigzag 4
            0x05, 0x28, 0xD7, 0x04, // delta 19 > 15: long form, id zigzag 40, value zigzag 599
            0x01, 0x0A, // going backwards to 5: long form, BOOLEAN_TRUE, no value byte
            0x12, // delta 1, BOOLEAN_FALSE
            0xF6, 0x01, // delta 15 is still short form: i64 zigzag 1 = -1
            0x05, 0x4A, 0x00, // delta 16: long form, id zigzag 74
            0x00,
        ];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Nested_structs_restore_the_outer_field_id_for_deltas()
    {
        using var output = new PooledBufferWriter();
        var writer = new ThriftCompactWriter(output);

        writer.WriteStructBegin();
        writer.WriteFieldHeader(3, ThriftType.Struct);
        writer.WriteStructBegin();
        writer.WriteI32Field(10, 1);
        writer.WriteStructEnd();
        writer.WriteI32Field(4, 1);
        writer.WriteStructEnd();

        Assert.Equal(new byte[] { 0x3C, 0xA5, 0x02, 0x00, 0x15, 0x02, 0x00 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Lists_use_short_headers_below_15_elements_and_long_headers_from_15()
    {
        using var output = new PooledBufferWriter();
        var writer = new ThriftCompactWriter(output);

        writer.WriteListHeader(ThriftType.Binary, 14);
        writer.WriteListHeader(ThriftType.Struct, 15);
        writer.WriteListHeader(ThriftType.I32, 300);
        writer.WriteListHeader(ThriftType.Bool, 2);
        writer.WriteBool(true);
        writer.WriteBool(false);
        writer.WriteMapHeader(ThriftType.Binary, ThriftType.I64, 0);
        writer.WriteMapHeader(ThriftType.Binary, ThriftType.I64, 3);

        Assert.Equal(
            new byte[] { 0xE8, 0xFC, 0x0F, 0xF5, 0xAC, 0x02, 0x22, 0x01, 0x00, 0x00, 0x03, 0x86 },
            output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Everything_the_writer_emits_is_read_back_by_the_reader()
    {
        using var output = new PooledBufferWriter();
        var writer = new ThriftCompactWriter(output);
        writer.WriteStructBegin();
        writer.WriteI8Field(1, -5);
        writer.WriteI16Field(2, short.MinValue);
        writer.WriteDoubleField(3, -2.5);
        writer.WriteBinaryField(4, new byte[] { 1, 2, 3 });
        writer.WriteStringField(300, "ünïcode");
        writer.WriteListFieldBegin(301, ThriftType.Bool, 3);
        writer.WriteBool(true);
        writer.WriteBool(false);
        writer.WriteBool(true);
        writer.WriteStructEnd();

        var reader = new ThriftCompactReader(output.WrittenSpan);
        reader.ReadStructBegin();
        Assert.True(reader.ReadFieldHeader(out var id, out _));
        Assert.Equal((1, (sbyte)-5), (id, reader.ReadI8()));
        Assert.True(reader.ReadFieldHeader(out id, out _));
        Assert.Equal((2, short.MinValue), (id, reader.ReadI16()));
        Assert.True(reader.ReadFieldHeader(out id, out _));
        Assert.Equal((3, -2.5), (id, reader.ReadDouble()));
        Assert.True(reader.ReadFieldHeader(out id, out _));
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.ReadBinary());
        Assert.True(reader.ReadFieldHeader(out id, out _));
        Assert.Equal((300, "ünïcode"), (id, reader.ReadString()));
        Assert.True(reader.ReadFieldHeader(out id, out var listType));
        Assert.Equal((301, ThriftType.List), (id, listType));
        Assert.Equal(3, reader.ReadListHeader(out var element));
        Assert.Equal(ThriftType.Bool, element);
        Assert.Equal([true, false, true], new[] { reader.ReadBool(), reader.ReadBool(), reader.ReadBool() });
        Assert.False(reader.ReadFieldHeader(out _, out _));
        reader.ReadStructEnd();
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Hand_assembled_page_header_is_reproduced_byte_for_byte_by_the_writer()
    {
        byte[] bytes =
        [
            0x15, 0x00, 0x15, 0x80, 0x01, 0x15, 0x7E, 0x15, 0xD7, 0x04,
            0x1C, 0x15, 0x14, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00,
            0x00,
        ];

        var header = ParquetMetadataCodec.ReadPageHeader(bytes, out _);

        Assert.Equal(bytes, MetadataSamples.Encode(header));
    }

    [Fact]
    public void Unrecognized_logical_type_is_left_out_when_writing_a_schema_element()
    {
        var element = new SchemaElement
        {
            Name = "v",
            LogicalType = new LogicalType { Kind = LogicalTypeKind.Unrecognized, UnrecognizedFieldId = 16 },
        };
        using var output = new PooledBufferWriter();

        element.Write(new ThriftCompactWriter(output));

        Assert.Equal(new byte[] { 0x48, 0x01, (byte)'v', 0x00 }, output.WrittenSpan.ToArray());
    }
}
