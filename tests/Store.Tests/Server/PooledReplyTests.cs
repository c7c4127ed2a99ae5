namespace Archiver.Store.Tests.Server;

/// <summary>
/// Query replies are read into pooled buffers that go back to the pool once sent: successive queries of different
/// buckets (large ones with their own arrays, small ones carved from shared chunks) must each get exactly their bytes.
/// </summary>
public sealed class PooledReplyTests
{
    [Fact]
    public async Task Successive_queries_over_reused_buffers_return_each_buckets_exact_bytes_and_a_server_timing()
    {
        await using var f = await ServerFixture.StartAsync();
        var large = Enumerable.Range(0, 200_000).Select(i => 1_500_000_000L + (60L * i)).ToArray();
        var small = large[..3];
        await f.RpcAsync(MsgTree.WriteRequest("BIG/1Min/OHLCV", large.Length, false, ("Epoch", "i8", MsgTree.Bytes(large)),
            ("Close", "f8", MsgTree.Bytes(large.Select(e => e * 0.5).ToArray()))));
        await f.RpcAsync(MsgTree.WriteRequest("SMALL/1Min/OHLCV", small.Length, false, ("Epoch", "i8", MsgTree.Bytes(small)),
            ("Close", "f8", MsgTree.Bytes(-1.0, -2.0, -3.0))));
        await f.RpcAsync(MsgTree.WriteRequest("OTHER/1Min/OHLCV", small.Length, false, ("Epoch", "i8", MsgTree.Bytes(small)),
            ("Close", "f8", MsgTree.Bytes(7.0, 8.0, 9.0))));

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(MsgTree.Bytes(large.Select(e => e * 0.5).ToArray()), await CloseAsync(f, "BIG/1Min/OHLCV"));
            Assert.Equal(MsgTree.Bytes(-1.0, -2.0, -3.0), await CloseAsync(f, "SMALL/1Min/OHLCV"));
            Assert.Equal(MsgTree.Bytes(-1.0, -2.0, -3.0, 7.0, 8.0, 9.0), await CloseAsync(f, "SMALL,OTHER/1Min/OHLCV"));
        }

        using var response = await f.PostAsync(MsgTree.QueryRequest("SMALL/1Min/OHLCV"));
        Assert.Matches(@"^method;dur=[0-9]+\.[0-9]$", Assert.Single(response.Headers.GetValues("Server-Timing")));
    }

    private static async Task<object?> CloseAsync(ServerFixture f, string destination)
    {
        var reply = MsgTree.Decode(await f.RpcAsync(MsgTree.QueryRequest(destination)));
        var dataset = MsgTree.Get(MsgTree.List(MsgTree.Get(MsgTree.Get(reply, "result"), "responses"))[0], "result");
        return MsgTree.List(MsgTree.Get(dataset, "data"))[1];
    }
}
