using System.Net;
using Archiver.Store.Buckets;
using Archiver.Store.Tests.MessagePack;

namespace Archiver.Store.Tests.Server;

/// <summary>Every error path of <c>/rpc</c>: the reply, and that the server keeps serving with nothing stored harmed.</summary>
public sealed class RpcErrorTests
{
    private static (long Code, string Message, object? Id) Error(byte[] reply)
    {
        var tree = MsgTree.Decode(reply);
        Assert.Equal(["jsonrpc", "error", "id"], MsgTree.Keys(tree));
        var error = MsgTree.Get(tree, "error");
        Assert.Null(MsgTree.Get(error, "data"));
        return ((long)MsgTree.Get(error, "code")!, (string)MsgTree.Get(error, "message")!, MsgTree.Get(tree, "id"));
    }

    private static byte[] QueryParams(Action<Archiver.Store.MessagePack.MessagePackWriter> writeRequest) => MsgTree.Request("DataService.Query", w =>
    {
        w.WriteMapHeader(1);
        w.WriteString("requests");
        w.WriteArrayHeader(1);
        writeRequest(w);
    });

    [Theory]
    [InlineData("DataService.Nope", -32000, "rpc: can't find method \"DataService.Nope\"")]
    [InlineData("Other.Query", -32000, "rpc: can't find service \"Other.Query\"")]
    [InlineData("Query", -32000, "rpc: service/method request ill-formed: \"Query\"")]
    [InlineData("DataService.query", -32000, "rpc: can't find method \"DataService.query\"")]
    public async Task Unknown_or_ill_formed_methods_get_marketstore_texts(string method, long code, string message)
    {
        await using var f = await ServerFixture.StartAsync();
        var (c, m, id) = Error(await f.RpcAsync(MsgTree.Request(method, w => w.WriteMapHeader(0))));
        Assert.Equal(code, c);
        Assert.Equal(message, m);
        Assert.Equal("1", id);
    }

    [Fact]
    public async Task Wrong_jsonrpc_version_is_invalid_request()
    {
        await using var f = await ServerFixture.StartAsync();
        var body = WireBytes.PmsQueryRequest;
        var patched = body.ToArray();
        var at = patched.AsSpan().IndexOf("2.0"u8);
        patched[at] = (byte)'1';
        var (code, message, _) = Error(await f.RpcAsync(patched));
        Assert.Equal(-32600, code);
        Assert.Equal("jsonrpc must be 2.0", message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c1")]
    [InlineData("93 01 02 03")]
    [InlineData("84 a6 6d")]
    [InlineData("81 a2 69 64 d4 01 00")]
    public async Task Malformed_messagepack_is_a_parse_error_with_nil_id(string hex)
    {
        await using var f = await ServerFixture.StartAsync();
        var (code, message, id) = Error(await f.RpcAsync(WireBytes.Hex(hex)));
        Assert.Equal(-32700, code);
        Assert.StartsWith("rpc: cannot decode request: msgpack: ", message, StringComparison.Ordinal);
        Assert.Null(id);
    }

    [Fact]
    public async Task Wrong_field_types_are_invalid_params_naming_the_offset()
    {
        await using var f = await ServerFixture.StartAsync();
        var cases = new Action<Archiver.Store.MessagePack.MessagePackWriter>[]
        {
            w => { w.WriteMapHeader(1); w.WriteString("destination"); w.WriteBinary("AAPL/1Min/OHLCV"u8); },
            w => { w.WriteMapHeader(1); w.WriteString("destination"); w.WriteInt64(5); },
            w => { w.WriteMapHeader(2); w.WriteString("destination"); w.WriteString("A/1Min/B"); w.WriteString("limit_record_count"); w.WriteString("10"); },
            w => { w.WriteMapHeader(2); w.WriteString("destination"); w.WriteString("A/1Min/B"); w.WriteString("epoch_start"); w.WriteUInt64(ulong.MaxValue); },
            w => { w.WriteMapHeader(2); w.WriteString("destination"); w.WriteString("A/1Min/B"); w.WriteString("columns"); w.WriteString("Close"); },
            w => { w.WriteMapHeader(2); w.WriteString("destination"); w.WriteString("A/1Min/B"); w.WriteString("limit_from_start"); w.WriteInt64(1); },
        };
        foreach (var c in cases)
        {
            var (code, message, id) = Error(await f.RpcAsync(QueryParams(c)));
            Assert.Equal(-32602, code);
            Assert.Contains("rpc: invalid params: msgpack: expected", message.Replace("integer 18446744073709551615 does not fit", "expected", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal("1", id);
        }
    }

    [Fact]
    public async Task Params_as_a_one_element_array_are_accepted_and_nil_fields_mean_absent()
    {
        await using var f = await ServerFixture.StartAsync();
        await f.RpcAsync(MsgTree.WriteRequest("AAPL/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(1500000000L)), ("Close", "f4", MsgTree.Bytes(1.5f))));
        var body = MsgTree.Request("DataService.Query", w =>
        {
            w.WriteArrayHeader(1);
            w.WriteMapHeader(1);
            w.WriteString("requests");
            w.WriteArrayHeader(1);
            w.WriteMapHeader(3);
            w.WriteString("destination");
            w.WriteString("AAPL/1Min/OHLCV");
            w.WriteString("epoch_end");
            w.WriteNil();
            w.WriteString("unknown_field");
            w.WriteMapHeader(1);
            w.WriteString("x");
            w.WriteArrayHeader(0);
        });
        var tree = MsgTree.Decode(await f.RpcAsync(body));
        Assert.Equal(["jsonrpc", "result", "id"], MsgTree.Keys(tree));
    }

    [Fact]
    public async Task Hostile_keys_are_refused_per_request_and_nothing_is_stored()
    {
        await using var f = await ServerFixture.StartAsync();
        foreach (var key in new[] { "../etc/1Min/OHLCV", "A/1Min/..", "A\\B/1Min/OHLCV", "A/1Min", "A/1Min/B/C", "A/1Lightyear/B", "/1Min/B" })
        {
            var reply = MsgTree.Decode(await f.RpcAsync(MsgTree.WriteRequest(key, 1, false, ("Epoch", "i8", MsgTree.Bytes(1L)), ("X", "f4", MsgTree.Bytes(1f)))));
            var responses = MsgTree.List(MsgTree.Get(MsgTree.Get(reply, "result"), "responses"));
            Assert.Single(responses);
            Assert.NotEqual("", MsgTree.Get(responses[0], "error"));
            var (code, _, _) = Error(await f.RpcAsync(MsgTree.QueryRequest(key)));
            Assert.Equal(-32000, code);
        }

        Assert.Empty(f.Store.Keys());
        Assert.Equal(0, f.Store.WriteCalls);
    }

    [Theory]
    [InlineData("Epoch", "f8", "unexpected data type for Epoch column")]
    [InlineData("Time", "i8", "unexpected data type for Epoch column")]
    public async Task Write_type_errors_are_entries_not_rpc_errors(string epochName, string epochType, string text)
    {
        await using var f = await ServerFixture.StartAsync();
        var reply = MsgTree.Decode(await f.RpcAsync(MsgTree.WriteRequest("A/1Min/B", 1, false, (epochName, epochType, new byte[8]), ("X", "f4", new byte[4]))));
        Assert.Equal(text, MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(reply, "result"), "responses"))[0], "error"));
    }

    [Fact]
    public async Task Write_shape_errors_are_refused_before_anything_is_stored()
    {
        await using var f = await ServerFixture.StartAsync();
        await f.RpcAsync(MsgTree.WriteRequest("A/1Min/B", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("X", "f4", MsgTree.Bytes(1f))));
        var bad = new[]
        {
            MsgTree.WriteRequest("A/1Min/B", 2, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("X", "f4", MsgTree.Bytes(2f))),
            MsgTree.WriteRequest("A/1Min/B", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("X", "b1", new byte[1])),
            MsgTree.WriteRequest("A/1Min/B", 1, true, ("Epoch", "i8", MsgTree.Bytes(60L)), ("X", "f4", MsgTree.Bytes(2f)), ("Nanoseconds", "i8", MsgTree.Bytes(5L))),
            MsgTree.WriteRequest("A/1Min/B", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("Y", "f4", MsgTree.Bytes(2f))),
        };
        var texts = new List<string>();
        foreach (var body in bad)
        {
            var reply = MsgTree.Decode(await f.RpcAsync(body));
            texts.Add((string)MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(reply, "result"), "responses"))[0], "error")!);
        }

        Assert.Equal("column Epoch has 8 bytes, expected 2 rows of i8", texts[0]);
        Assert.Equal("unsupported type string b1", texts[1]);
        Assert.Equal("unexpected data type for Nanoseconds column", texts[2]);
        Assert.StartsWith("unable to match data columns", texts[3], StringComparison.Ordinal);
        var stored = f.Store.Read(BucketKey.Parse("A/1Min/B"), ReadRequest.All);
        Assert.Equal(1f, stored.Find("X")!.Values<float>()[0]);
    }

    [Fact]
    public async Task Zero_row_write_is_a_no_op_success_that_creates_nothing()
    {
        await using var f = await ServerFixture.StartAsync();
        var reply = MsgTree.Decode(await f.RpcAsync(MsgTree.WriteRequest("A/1Min/B", 0, false, ("Epoch", "i8", []), ("X", "f4", []))));
        Assert.Null(MsgTree.Get(MsgTree.Get(reply, "result"), "responses"));
        Assert.Empty(f.Store.Keys());
    }

    [Fact]
    public async Task Notification_without_id_runs_and_gets_an_empty_200()
    {
        await using var f = await ServerFixture.StartAsync();
        var body = MsgTree.WriteRequest("A/1Min/B", 1, false, ("Epoch", "i8", MsgTree.Bytes(60L)), ("X", "f4", MsgTree.Bytes(1f)));
        var tree = MsgTree.Decode(body);
        var notification = MsgTree.Request("DataService.Write", w => w.WriteRaw(RawParams(body)), withId: false);
        using var response = await f.PostAsync(notification);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Single(f.Store.Keys());
        Assert.NotNull(tree);
    }

    private static byte[] RawParams(byte[] request)
    {
        var reader = new Archiver.Store.MessagePack.MessagePackReader(request);
        var n = reader.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            if (reader.ReadString() == "params") return reader.ReadRaw().ToArray();
            reader.Skip();
        }

        throw new InvalidOperationException("no params");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/msgpack")]
    public async Task Unknown_content_type_gets_415_text(string contentType)
    {
        await using var f = await ServerFixture.StartAsync();
        using var response = await f.PostAsync(WireBytes.PmsQueryRequest, contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal($"rpc: unrecognized Content-Type: {contentType}\n", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("Marketstore-Version"));
    }

    [Fact]
    public async Task Content_type_parameters_and_case_are_ignored()
    {
        await using var f = await ServerFixture.StartAsync();
        using var response = await f.PostAsync(WireBytes.PmsQueryRequest, "Application/X-MsgPack; charset=binary");
        Assert.Equal(-32000, Error(await response.Content.ReadAsByteArrayAsync()).Code);
    }

    [Fact]
    public async Task Missing_content_type_gets_415()
    {
        await using var f = await ServerFixture.StartAsync();
        using var content = new ByteArrayContent(WireBytes.PmsQueryRequest);
        using var response = await f.Http.PostAsync(new Uri("/rpc", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("rpc: unrecognized Content-Type: \n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sql_queries_are_refused_with_a_clear_error()
    {
        await using var f = await ServerFixture.StartAsync();
        var body = QueryParams(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("is_sqlstatement");
            w.WriteBoolean(true);
            w.WriteString("sql_statement");
            w.WriteString("SELECT * FROM `A/1Min/B`");
        });
        Assert.Equal("SQL is not supported", Error(await f.RpcAsync(body)).Message);
    }

    [Fact]
    public async Task Json_parse_errors_and_wrong_types_are_envelopes()
    {
        await using var f = await ServerFixture.StartAsync();
        using var broken = await f.PostAsync("{\"jsonrpc\":"u8.ToArray(), "application/json");
        Assert.Contains("\"code\":-32700", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var wrong = await f.PostAsync("""{"jsonrpc":"2.0","method":"DataService.Query","id":"x","params":{"requests":[{"destination":5}]}}"""u8.ToArray(), "application/json");
        var text = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":-32602", text, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"x\"", text, StringComparison.Ordinal);
    }
}
