using System.Diagnostics;
using Archiver.Cli.Archiving;
using Archiver.Cli.Live;
using Archiver.Feeds.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Runs one <see cref="ExchangeFeed"/> per configured exchange into the recorder (through <see cref="LoggingFeedSink"/>)
/// until the host stops; then stops every feed, and only then flushes the recorder, so everything received is durable
/// before the process exits. The recorder itself is disposed by the container when the host is disposed. With a
/// <see cref="LiveStoreWriter"/> registered (<c>Archiver:Store:Server:Enabled</c>), every record goes to the recorder
/// and then to the writer (<see cref="TeeFeedSink"/>).
/// </summary>
internal sealed class FeedsHostedService(
    ArchiveOptions options,
    IArchiveRecorder recorder,
    FeedEndpoints endpoints,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime,
    ArchiverRunFailure failure,
    LiveStoreWriter? live = null) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<FeedsHostedService>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ExchangeFeed> _feeds = [];
    private readonly List<Task> _runs = [];
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sink = new LoggingFeedSink(live is null ? recorder : new TeeFeedSink(recorder, live), recorder.Statistics, loggers.CreateLogger("Archiver.Cli.Hosting.FeedEvents"));
        var feedLogger = loggers.CreateLogger<ExchangeFeed>();
        foreach (var exchange in options.Exchanges)
        {
            if (!ArchiveFeedOptions.TryParseExchange(exchange.Name, out var id))
                throw new InvalidOperationException($"'{exchange.Name}' is not a supported exchange; the options were not validated.");
            var protocol = ExchangeProtocols.For(id);
            var feedOptions = ArchiveFeedOptions.Create(exchange, id, endpoints.For(id));
            _feeds.Add(new ExchangeFeed(protocol, feedOptions, sink, time, feedLogger));
            ArchiverLog.FeedStarting(_logger, id.ToString().ToLowerInvariant(), string.Join(",", feedOptions.Symbols),
                string.Join("+", exchange.Kinds), feedOptions.Depth, feedOptions.EndpointOrDefault(protocol));
        }

        foreach (var feed in _feeds) _runs.Add(WatchAsync(feed, feed.RunAsync(_stopping.Token)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped) return;
        _stopped = true;
        ArchiverLog.FeedsStopping(_logger, _feeds.Count);
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_runs).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ArchiverLog.FeedsStopTimedOut(_logger);
        }

        await DisposeFeedsAsync().ConfigureAwait(false);

        // Not cancellable on purpose: what was received must reach the disk even when the shutdown timeout has passed.
        var started = Stopwatch.GetTimestamp();
        await recorder.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        ArchiverLog.RecorderFlushed(_logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await DisposeFeedsAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task DisposeFeedsAsync()
    {
        foreach (var feed in _feeds) await feed.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A feed reconnects by itself; one whose run fails anyway is fatal: the host stops and the exit code is 1.</summary>
    private async Task WatchAsync(ExchangeFeed feed, Task run)
    {
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            var exchange = feed.Exchange.ToString().ToLowerInvariant();
            ArchiverLog.FeedFailed(_logger, exchange, e);
            failure.Report($"the {exchange} feed failed: {e.Message}");
            lifetime.StopApplication();
        }
    }
}
