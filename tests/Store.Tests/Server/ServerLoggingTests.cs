using Archiver.Store.Tests.TestSupport;
using System.Collections.Concurrent;
using Archiver.Store.Server;
using Archiver.Store.Tests.MessagePack;
using Microsoft.Extensions.Logging;

namespace Archiver.Store.Tests.Server;

public sealed class ServerLoggingTests
{
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)}");
        }
    }

    [Fact]
    public async Task Start_up_each_request_and_stop_are_logged_one_line_each()
    {
        var capture = new Capture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(capture));
        var store = new DiskBucketStore();
        var server = new MarketStoreServer(store, new Archiver.Store.Query.QueryEngine(store, TimeProvider.System), new StoreServerOptions { Port = 0 }, factory, version: "v");
        await server.StartAsync(CancellationToken.None);
        using (var http = new HttpClient { BaseAddress = server.Url })
        using (var content = new ByteArrayContent(WireBytes.PmsQueryRequest))
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-msgpack");
            using var response = await http.PostAsync(new Uri("/rpc", UriKind.Relative), content);
        }

        await server.DisposeAsync();
        var lines = capture.Lines.Where(l => l.StartsWith("Archiver.Store.Server ", StringComparison.Ordinal)).ToArray();
        Assert.Contains(lines, l => l.Contains($"listening on {server.Url}", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"Information: POST /rpc DataService\.Query 200 [0-9.]+ ms$"));
        Assert.Contains(lines, l => l.Contains("stopped", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Contains("Request starting", StringComparison.Ordinal));
    }
}
