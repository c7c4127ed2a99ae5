using Archiver.Store.Tests.TestSupport;
using System.Net.Http.Headers;
using Archiver.Store.Server;

namespace Archiver.Store.Tests.Server;

/// <summary>A running <see cref="MarketStoreServer"/> on an ephemeral loopback port over the in-memory store and engine.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    private ServerFixture(DiskBucketStore store, MarketStoreServer server)
    {
        Store = store;
        Server = server;
        Http = new HttpClient { BaseAddress = server.Url };
    }

    public DiskBucketStore Store { get; }

    public MarketStoreServer Server { get; }

    public HttpClient Http { get; }

    public static async Task<ServerFixture> StartAsync(StoreServerOptions? options = null, string version = "", TimeProvider? time = null)
    {
        var store = new DiskBucketStore();
        var server = new MarketStoreServer(store, new Archiver.Store.Query.QueryEngine(store, TimeProvider.System),
            options ?? new StoreServerOptions { Port = 0 }, loggerFactory: null, version: version, time: time);
        await server.StartAsync(CancellationToken.None);
        return new ServerFixture(store, server);
    }

    public async Task<HttpResponseMessage> PostAsync(byte[] body, string contentType = "application/x-msgpack")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Http.PostAsync(new Uri("/rpc", UriKind.Relative), content);
    }

    /// <summary>Posts a MessagePack request and returns the reply bytes, asserting HTTP 200.</summary>
    public async Task<byte[]> RpcAsync(byte[] body)
    {
        using var response = await PostAsync(body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Store.Dispose();
    }
}
