using System.Buffers;
using System.Buffers.Binary;
using Archiver.Store.MessagePack;

namespace Archiver.Store.Tests.MessagePack;

/// <summary>The worked example of the wire contract (§3.2): the 127-byte PMS query request and the 251-byte reply.</summary>
public sealed class ContractExampleTests
{
    private const string Key = "AAPL/1Min/OHLCV:Symbol/Timeframe/AttributeGroup";

    [Fact]
    public void The_pms_request_is_127_bytes_and_our_writer_produces_it_in_pms_key_order()
    {
        Assert.Equal(127, WireBytes.PmsQueryRequest.Length);
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(4);
        w.WriteString("method");
        w.WriteString("DataService.Query");
        w.WriteString("id");
        w.WriteString("1");
        w.WriteString("jsonrpc");
        w.WriteString("2.0");
        w.WriteString("params");
        w.WriteMapHeader(1);
        w.WriteString("requests");
        w.WriteArrayHeader(1);
        w.WriteMapHeader(3);
        w.WriteString("destination");
        w.WriteString("AAPL/1Min/OHLCV");
        w.WriteString("epoch_start");
        w.WriteInt64(1500000000);
        w.WriteString("limit_record_count");
        w.WriteInt64(1);
        Assert.Equal(WireBytes.PmsQueryRequest, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_pms_request_reads_back_field_by_field()
    {
        var reader = new MessagePackReader(WireBytes.PmsQueryRequest);
        Assert.Equal(4, reader.ReadMapHeader());
        Assert.Equal("method", reader.ReadString());
        Assert.Equal("DataService.Query", reader.ReadString());
        Assert.True(reader.ReadStringBytes().SequenceEqual("id"u8));
        Assert.Equal("1", reader.ReadString());
        Assert.Equal("jsonrpc", reader.ReadString());
        Assert.Equal("2.0", reader.ReadString());
        Assert.Equal("params", reader.ReadString());
        Assert.Equal(1, reader.ReadMapHeader());
        Assert.Equal("requests", reader.ReadString());
        Assert.Equal(1, reader.ReadArrayHeader());
        Assert.Equal(3, reader.ReadMapHeader());
        Assert.Equal("destination", reader.ReadString());
        Assert.Equal("AAPL/1Min/OHLCV", reader.ReadString());
        Assert.Equal("epoch_start", reader.ReadString());
        Assert.Equal(1500000000L, reader.ReadInt64());
        Assert.Equal("limit_record_count", reader.ReadString());
        Assert.Equal(1L, reader.ReadInt64());
        Assert.True(reader.End);
    }

    [Fact]
    public void The_reply_is_251_bytes_and_our_writer_produces_it_with_the_bin_written_in_pieces()
    {
        Assert.Equal(251, WireBytes.PmsQueryReply.Length);
        var epoch = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(epoch, 1500000000);
        var close = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(close, 1.5f);

        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(3);
        w.WriteString("jsonrpc");
        w.WriteString("2.0");
        w.WriteString("result");
        w.WriteMapHeader(3);
        w.WriteString("responses");
        w.WriteArrayHeader(1);
        w.WriteMapHeader(1);
        w.WriteString("result");
        w.WriteMapHeader(6);
        w.WriteString("types");
        w.WriteArrayHeader(2);
        w.WriteString("i8");
        w.WriteString("f4");
        w.WriteString("names");
        w.WriteArrayHeader(2);
        w.WriteString("Epoch");
        w.WriteString("Close");
        w.WriteString("data");
        w.WriteArrayHeader(2);
        w.WriteBinaryHeader(8);
        w.WriteRaw(epoch.AsSpan(0, 3));
        w.WriteRaw(epoch.AsSpan(3));
        w.WriteBinary(close);
        w.WriteString("length");
        w.WriteInt64(1);
        w.WriteString("startindex");
        w.WriteMapHeader(1);
        w.WriteString(Key);
        w.WriteInt64(0);
        w.WriteString("lengths");
        w.WriteMapHeader(1);
        w.WriteString(Key);
        w.WriteInt64(1);
        w.WriteString("version");
        w.WriteString(string.Empty);
        w.WriteString("timezone");
        w.WriteString("UTC");
        w.WriteString("id");
        w.WriteString("1");
        Assert.Equal(WireBytes.PmsQueryReply, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_reply_columns_read_back_as_slices_holding_the_expected_values()
    {
        var bytes = WireBytes.PmsQueryReply;
        var reader = new MessagePackReader(bytes);
        Assert.Equal(3, reader.ReadMapHeader());
        reader.Skip();
        reader.Skip();
        Assert.Equal("result", reader.ReadString());
        Assert.Equal(3, reader.ReadMapHeader());
        Assert.Equal("responses", reader.ReadString());
        Assert.Equal(1, reader.ReadArrayHeader());
        Assert.Equal(1, reader.ReadMapHeader());
        reader.Skip();
        Assert.Equal(6, reader.ReadMapHeader());
        reader.Skip();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        Assert.Equal("data", reader.ReadString());
        Assert.Equal(2, reader.ReadArrayHeader());
        Assert.Equal(1500000000L, BinaryPrimitives.ReadInt64LittleEndian(reader.ReadBinary()));
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(reader.ReadBinary()));
    }
}
