using Archiver.Store.Tests.TestSupport;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Archiver.Store.Server;
using Archiver.Store.Tests.MessagePack;

namespace Archiver.Store.Tests.Server;

public sealed class ServerSecurityTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    [InlineData("::")]
    public void Binding_beyond_loopback_without_a_token_or_insecure_fails_at_startup(string bind)
    {
        var store = new DiskBucketStore();
        var e = Assert.Throws<InvalidOperationException>(() =>
            new MarketStoreServer(store, new Archiver.Store.Query.QueryEngine(store, TimeProvider.System), new StoreServerOptions { Bind = bind, Port = 0 }));
        Assert.Contains("without an access token", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Binding_beyond_loopback_is_allowed_with_a_token_or_insecure()
    {
        Assert.True(ServerAccess.From(new StoreServerOptions { Bind = "0.0.0.0", AccessToken = "t" }).RequiresToken);
        Assert.False(ServerAccess.From(new StoreServerOptions { Bind = "0.0.0.0", Insecure = true }).RequiresToken);
        Assert.False(ServerAccess.From(new StoreServerOptions()).RequiresToken);
        Assert.Equal(IPAddress.Loopback, ServerAccess.From(new StoreServerOptions { Bind = "localhost" }).Address);
        Assert.Throws<InvalidOperationException>(() => ServerAccess.From(new StoreServerOptions { Bind = "not an address" }));
    }

    [Fact]
    public async Task With_a_token_requests_need_it_as_bearer_or_basic_password_else_401()
    {
        await using var f = await ServerFixture.StartAsync(new StoreServerOptions { Port = 0, AccessToken = "s3cret" });
        async Task<HttpStatusCode> Post(AuthenticationHeaderValue? auth)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/rpc") { Content = new ByteArrayContent(WireBytes.PmsQueryRequest) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-msgpack");
            request.Headers.Authorization = auth;
            using var response = await f.Http.SendAsync(request);
            return response.StatusCode;
        }

        static AuthenticationHeaderValue Basic(string userPass) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass)));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(new AuthenticationHeaderValue("Bearer", "wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(new AuthenticationHeaderValue("Bearer", "s3cret2")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(Basic("s3cret:x")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(new AuthenticationHeaderValue("Basic", "!!notbase64")));
        Assert.Equal(HttpStatusCode.OK, await Post(new AuthenticationHeaderValue("Bearer", "s3cret")));
        Assert.Equal(HttpStatusCode.OK, await Post(Basic("anyone:s3cret")));
        using var heartbeat = await f.Http.GetAsync(new Uri("/heartbeat", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, heartbeat.StatusCode);
    }

    [Fact]
    public async Task Bodies_over_the_limit_get_413_declared_or_chunked_and_the_server_keeps_serving()
    {
        await using var f = await ServerFixture.StartAsync(new StoreServerOptions { Port = 0, MaxRequestBytes = 1000 });
        var big = MsgTree.WriteRequest("A/1Min/B", 200, false, ("Epoch", "i8", new byte[1600]), ("X", "f4", new byte[800]));
        using (var response = await f.PostAsync(big))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("rpc: request body larger than 1000 bytes\n", await response.Content.ReadAsStringAsync());
        }

        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/rpc") { Content = new StreamContent(new MemoryStream(big)) })
        {
            chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-msgpack");
            chunked.Headers.TransferEncodingChunked = true;
            using var response = await f.Http.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        Assert.Empty(f.Store.Keys());
        var small = MsgTree.WriteRequest("A/1Min/B", 1, false, ("Epoch", "i8", new byte[8]), ("X", "f4", new byte[4]));
        using var ok = await f.PostAsync(small);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Single(f.Store.Keys());
    }
}
