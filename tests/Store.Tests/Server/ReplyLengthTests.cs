using Archiver.Store.Tests.TestSupport;
using System.IO.Pipelines;
using Archiver.Store.Buckets;
using Archiver.Store.Query;
using Archiver.Store.Server;
using Archiver.Store.Server.Rpc;
using Archiver.Store.Tests.MessagePack;

namespace Archiver.Store.Tests.Server;

public sealed class ReplyLengthTests
{
    private sealed class FixedResult(QueryResult result) : IQueryEngine
    {
        public QueryResult Execute(QueryRequest request) => result;
    }

    [Fact]
    public async Task A_large_query_reply_goes_out_with_its_content_length_and_arrives_whole()
    {
        const int rows = 1_000_000;
        var epochs = Column.From("Epoch", ColumnType.I8, Enumerable.Range(0, rows).Select(i => (long)i * 60).ToArray());
        var close = Column.From("Close", ColumnType.F8, Enumerable.Range(0, rows).Select(i => (double)i).ToArray());
        var series = new ColumnSeries([epochs, close]);
        var store = new DiskBucketStore();
        await using var server = new MarketStoreServer(store, new FixedResult(new QueryResult(series.Schema, [new QuerySlice("A/1Min/B:Symbol/Timeframe/AttributeGroup", series)])),
            new StoreServerOptions { Port = 0 }, version: "");
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(10) };
        using var content = new ByteArrayContent(WireBytes.PmsQueryRequest);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-msgpack");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rpc") { Content = content };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.True(body.Length > 16_000_000);
        var tree = MsgTree.Decode(body);
        var data = MsgTree.List(MsgTree.Get(MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(tree, "result"), "responses"))[0], "result"), "data"));
        Assert.Equal(close.Data.ToArray(), data[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_000)]
    public async Task Measured_length_equals_the_bytes_written_through_a_pipe(int rows)
    {
        var epochs = Column.From("Epoch", ColumnType.I8, Enumerable.Range(0, rows).Select(i => (long)i * 60).ToArray());
        var close = Column.From("Close", ColumnType.F8, Enumerable.Range(0, rows).Select(i => (double)i).ToArray());
        var series = new ColumnSeries([epochs, close]);
        var half = rows / 2;
        var reply = new QueryReply([new QueryResult(series.Schema, [new QuerySlice("A/1Min/B:Symbol/Timeframe/AttributeGroup", series.Slice(0, half)),
            new QuerySlice("C/1Min/B:Symbol/Timeframe/AttributeGroup", series.Slice(half, rows - half))])], "v", "UTC");
        var id = new byte[] { 0xa1, 0x31 };
        using var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        MessagePackReplies.Write(pipe, reply, id);
        await pipe.CompleteAsync();
        Assert.Equal(stream.Length, MessagePackReplies.Measure(reply, id));
        var tree = MsgTree.Decode(stream.ToArray());
        var data = MsgTree.List(MsgTree.Get(MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(tree, "result"), "responses"))[0], "result"), "data"));
        Assert.Equal(epochs.Data.ToArray(), data[0]);
        Assert.Equal(close.Data.ToArray(), data[1]);
    }
}
