using System.Net;
using Archiver.Store.Tests.MessagePack;

namespace Archiver.Store.Tests.Server;

/// <summary>Requests built byte for byte as pymarketstore 0.22 sends them, and the exact reply bytes.</summary>
public sealed class RpcGoldenTests
{
    private static readonly byte[] WriteOk = WireBytes.Concat(
        WireBytes.Hex("83"), WireBytes.Str("jsonrpc"), WireBytes.Str("2.0"), WireBytes.Str("result"),
        WireBytes.Hex("81"), WireBytes.Str("responses"), WireBytes.Hex("c0"), WireBytes.Str("id"), WireBytes.Str("1"));

    [Fact]
    public async Task Pms_write_then_the_contract_query_gives_exactly_the_251_byte_reply()
    {
        await using var f = await ServerFixture.StartAsync();
        var write = MsgTree.WriteRequest("AAPL/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(1500000000L)), ("Close", "f4", MsgTree.Bytes(1.5f)));
        Assert.Equal(WriteOk, await f.RpcAsync(write));
        Assert.Equal(WireBytes.PmsQueryReply, await f.RpcAsync(WireBytes.PmsQueryRequest));
    }

    [Fact]
    public async Task Successful_write_is_responses_nil_and_the_response_has_the_msgpack_content_type()
    {
        await using var f = await ServerFixture.StartAsync(version: "abc123");
        using var response = await f.PostAsync(MsgTree.WriteRequest("BTC/1Sec/TICK", 2, true,
            ("Epoch", "i8", MsgTree.Bytes(1500000000L, 1500000000L)), ("Ask", "f4", MsgTree.Bytes(1f, 2f)), ("Nanoseconds", "i4", MsgTree.Bytes(7, 3))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-msgpack", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("abc123", response.Headers.GetValues("Marketstore-Version").Single());
        Assert.Equal(WriteOk, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Missing_bucket_query_is_an_http_200_error_envelope_with_the_exact_bytes()
    {
        await using var f = await ServerFixture.StartAsync();
        var expected = WireBytes.Concat(
            WireBytes.Hex("83"), WireBytes.Str("jsonrpc"), WireBytes.Str("2.0"), WireBytes.Str("error"),
            WireBytes.Hex("83"), WireBytes.Str("code"), WireBytes.Hex("d1 83 00"), WireBytes.Str("message"), WireBytes.Str("no files returned from query parse"),
            WireBytes.Str("data"), WireBytes.Hex("c0"), WireBytes.Str("id"), WireBytes.Str("1"));
        Assert.Equal(expected, await f.RpcAsync(WireBytes.PmsQueryRequest));
    }

    [Fact]
    public async Task Variable_bucket_query_returns_epoch_elements_then_nanoseconds_sorted_stably()
    {
        await using var f = await ServerFixture.StartAsync();
        await f.RpcAsync(MsgTree.WriteRequest("BTC/1Sec/TICK", 3, true,
            ("Epoch", "i8", MsgTree.Bytes(1500000001L, 1500000000L, 1500000000L)), ("Ask", "f4", MsgTree.Bytes(3f, 1f, 2f)),
            ("Nanoseconds", "i4", MsgTree.Bytes(0, 5, 5))));
        var reply = MsgTree.Decode(await f.RpcAsync(MsgTree.QueryRequest("BTC/1Sec/TICK")));
        var dataset = MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(reply, "result"), "responses"))[0], "result");
        Assert.Equal(["types", "names", "data", "length", "startindex", "lengths"], MsgTree.Keys(dataset));
        Assert.Equal(new object[] { "Epoch", "Ask", "Nanoseconds" }, MsgTree.List(MsgTree.Get(dataset, "names")));
        Assert.Equal(new object[] { "i8", "f4", "i4" }, MsgTree.List(MsgTree.Get(dataset, "types")));
        var data = MsgTree.List(MsgTree.Get(dataset, "data"));
        Assert.Equal(MsgTree.Bytes(1500000000L, 1500000000L, 1500000001L), data[0]);
        Assert.Equal(MsgTree.Bytes(1f, 2f, 3f), data[1]);
        Assert.Equal(MsgTree.Bytes(5, 5, 0), data[2]);
        Assert.Equal(3L, MsgTree.Get(dataset, "length"));
        Assert.Equal("UTC", MsgTree.Get(MsgTree.Get(reply, "result"), "timezone"));
    }

    [Fact]
    public async Task Multi_symbol_query_keys_follow_the_destination_order_with_running_start_indexes()
    {
        await using var f = await ServerFixture.StartAsync();
        foreach (var (sym, n) in new[] { ("AAA", 2), ("ZZZ", 3), ("MMM", 1) })
        {
            var epochs = Enumerable.Range(0, n).Select(i => 1500000000L + (60 * i)).ToArray();
            await f.RpcAsync(MsgTree.WriteRequest($"{sym}/1Min/OHLCV", n, false, ("Epoch", "i8", MsgTree.Bytes(epochs)), ("Close", "f8", MsgTree.Bytes(epochs.Select(e => (double)e).ToArray()))));
        }

        var reply = MsgTree.Decode(await f.RpcAsync(MsgTree.QueryRequest("ZZZ,AAA,NONE,MMM/1Min/OHLCV")));
        var dataset = MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(reply, "result"), "responses"))[0], "result");
        var start = MsgTree.Get(dataset, "startindex");
        Assert.Equal(["ZZZ/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", "AAA/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", "MMM/1Min/OHLCV:Symbol/Timeframe/AttributeGroup"], MsgTree.Keys(start));
        Assert.Equal(new object[] { 0L, 3L, 5L }, ((List<KeyValuePair<string, object?>>)start!).Select(kv => kv.Value));
        Assert.Equal(new object[] { 3L, 2L, 1L }, ((List<KeyValuePair<string, object?>>)MsgTree.Get(dataset, "lengths")!).Select(kv => kv.Value));
        Assert.Equal(6L, MsgTree.Get(dataset, "length"));
        Assert.Equal(48, ((byte[])MsgTree.List(MsgTree.Get(dataset, "data"))[0]!).Length);
    }

    [Fact]
    public async Task Empty_range_gives_zero_length_bin_columns_not_nil()
    {
        await using var f = await ServerFixture.StartAsync();
        await f.RpcAsync(MsgTree.WriteRequest("AAPL/1Min/OHLCV", 1, false, ("Epoch", "i8", MsgTree.Bytes(1500000000L)), ("Close", "f4", MsgTree.Bytes(1.5f))));
        var bytes = await f.RpcAsync(MsgTree.QueryRequest("AAPL/1Min/OHLCV", start: 1600000000));
        var dataset = MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(MsgTree.Decode(bytes), "result"), "responses"))[0], "result");
        Assert.All(MsgTree.List(MsgTree.Get(dataset, "data")), c => Assert.Equal(Array.Empty<byte>(), c));
        Assert.Equal(0L, MsgTree.Get(dataset, "length"));
        var zeroBin = WireBytes.Concat(WireBytes.Str("data"), WireBytes.Hex("92 c4 00 c4 00"));
        Assert.True(bytes.AsSpan().IndexOf(zeroBin) > 0);
    }

    [Fact]
    public async Task Create_destroy_and_list_symbols_have_marketstore_shapes_and_texts()
    {
        await using var f = await ServerFixture.StartAsync(version: "v1");
        var create = MsgTree.Request("DataService.Create", w =>
        {
            w.WriteMapHeader(1);
            w.WriteString("requests");
            w.WriteArrayHeader(3);
            foreach (var (key, rowType) in new[] { ("TEST/1Min/TICK:Symbol/Timeframe/AttributeGroup", "variable"), ("BAD/1Min/TICK", "fixed"), ("TEST/1Min/OHLCV:Symbol/Timeframe/AttributeGroup", "fixed") })
            {
                w.WriteMapHeader(4);
                w.WriteString("key");
                w.WriteString(key);
                w.WriteString("column_names");
                MsgTree.Strings(w, ["Epoch", "Bid", "Ask"]);
                w.WriteString("column_types");
                MsgTree.Strings(w, ["i8", "f4", "f4"]);
                w.WriteString("row_type");
                w.WriteString(rowType);
            }
        });
        var responses = MsgTree.List(MsgTree.Get(MsgTree.Get(MsgTree.Decode(await f.RpcAsync(create)), "result"), "responses"));
        Assert.Equal(3, responses.Count);
        Assert.Equal("", MsgTree.Get(responses[0], "error"));
        Assert.Equal("v1", MsgTree.Get(responses[0], "version"));
        Assert.Equal("key \"BAD/1Min/TICK\" is not in proper format, should be like: TSLA/1Min/OHLCV:Symbol/TimeFrame/AttributeGroup", MsgTree.Get(responses[1], "error"));
        Assert.Equal("", MsgTree.Get(responses[2], "error"));
        Assert.Equal(Archiver.Store.Buckets.RecordKind.Variable, f.Store.Find(Archiver.Store.Buckets.BucketKey.Parse("TEST/1Min/TICK"))!.Kind);
        Assert.Equal(2, f.Store.Find(Archiver.Store.Buckets.BucketKey.Parse("TEST/1Min/TICK"))!.Elements.Count);

        static byte[] List(string format) => MsgTree.Request("DataService.ListSymbols", w =>
        {
            w.WriteMapHeader(1);
            w.WriteString("format");
            w.WriteString(format);
        });
        var symbols = MsgTree.Get(MsgTree.Decode(await f.RpcAsync(List("symbol"))), "result");
        Assert.Equal(["Results"], MsgTree.Keys(symbols));
        Assert.Equal(new object[] { "TEST" }, MsgTree.List(MsgTree.Get(symbols, "Results")));
        var keys = MsgTree.Get(MsgTree.Get(MsgTree.Decode(await f.RpcAsync(List("tbk"))), "result"), "Results");
        Assert.Equal(new object[] { "TEST/1Min/OHLCV", "TEST/1Min/TICK" }, MsgTree.List(keys));

        var destroy = MsgTree.Request("DataService.Destroy", w =>
        {
            w.WriteMapHeader(1);
            w.WriteString("requests");
            w.WriteArrayHeader(3);
            foreach (var key in new[] { "TEST/1Min/TICK", "TEST/1Min/TICK", "NOPE/1Min/TICK" })
            {
                w.WriteMapHeader(1);
                w.WriteString("key");
                w.WriteString(key);
            }
        });
        var destroyed = MsgTree.List(MsgTree.Get(MsgTree.Get(MsgTree.Decode(await f.RpcAsync(destroy)), "result"), "responses"));
        Assert.Equal("", MsgTree.Get(destroyed[0], "error"));
        Assert.Equal("removal of catalog entry failed: Unable to find level item: TICK in directory", MsgTree.Get(destroyed[1], "error"));
        Assert.Equal("removal of catalog entry failed: Unable to find level item: NOPE in directory", MsgTree.Get(destroyed[2], "error"));
    }

    [Fact]
    public async Task Head_rpc_carries_the_version_header_and_other_methods_get_405_text()
    {
        await using var f = await ServerFixture.StartAsync(version: "deadbeef");
        using var head = await f.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/rpc"));
        Assert.Equal("deadbeef", head.Headers.GetValues("Marketstore-Version").Single());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        using var get = await f.Http.GetAsync(new Uri("/rpc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", get.Content.Headers.ContentType!.ToString());
        Assert.Equal("rpc: POST method required, received GET\n", await get.Content.ReadAsStringAsync());
        Assert.Equal("deadbeef", get.Headers.GetValues("Marketstore-Version").Single());
    }

    [Fact]
    public async Task Heartbeat_reports_queryable_with_version_and_a_go_style_uptime()
    {
        await using var f = await ServerFixture.StartAsync(version: "v9");
        using var doc = System.Text.Json.JsonDocument.Parse(await f.Http.GetStringAsync(new Uri("/heartbeat", UriKind.Relative)));
        Assert.Equal("queryable", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("v9", doc.RootElement.GetProperty("version").GetString());
        Assert.Equal("v9", doc.RootElement.GetProperty("git_hash").GetString());
        Assert.Matches(@"^[0-9hm.µs]+$", doc.RootElement.GetProperty("uptime").GetString());
    }

    [Fact]
    public async Task Json_rpc_accepts_go_and_snake_case_names_and_answers_with_go_names_and_base64_columns()
    {
        await using var f = await ServerFixture.StartAsync();
        await f.RpcAsync(MsgTree.WriteRequest("AAPL/1Min/OHLCV", 2, false, ("Epoch", "i8", MsgTree.Bytes(1500000000L, 1500000060L)), ("Close", "f4", MsgTree.Bytes(1.5f, 2.5f))));
        foreach (var body in new[]
        {
            """{"jsonrpc":"2.0","method":"DataService.Query","id":7,"params":{"Requests":[{"Destination":"AAPL/1Min/OHLCV","LimitRecordCount":1}]}}""",
            """{"jsonrpc":"2.0","method":"DataService.Query","id":7,"params":[{"requests":[{"destination":"AAPL/1Min/OHLCV","limit_record_count":1}]}]}""",
        })
        {
            using var response = await f.PostAsync(System.Text.Encoding.UTF8.GetBytes(body), "application/json");
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(7, doc.RootElement.GetProperty("id").GetInt32());
            var result = doc.RootElement.GetProperty("result").GetProperty("Responses")[0].GetProperty("Result");
            Assert.Equal("Epoch", result.GetProperty("ColumnNames")[0].GetString());
            Assert.Equal(Convert.ToBase64String(MsgTree.Bytes(1500000060L)), result.GetProperty("ColumnData")[0].GetString());
            Assert.Equal(1, result.GetProperty("Lengths").GetProperty("AAPL/1Min/OHLCV:Symbol/Timeframe/AttributeGroup").GetInt32());
        }

        using var list = await f.PostAsync("""{"jsonrpc":"2.0","method":"DataService.ListSymbols","id":1,"params":{"parameters":{}}}"""u8.ToArray(), "application/json");
        Assert.Equal("""{"jsonrpc":"2.0","result":{"Results":["AAPL"]},"id":1}""", await list.Content.ReadAsStringAsync());
    }
}
