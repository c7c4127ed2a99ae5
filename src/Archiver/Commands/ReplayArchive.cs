using Archiver.Cli.Archiving;
using Archiver.Feeds;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Commands;

/// <summary>
/// Where a replay's records go with <c>--archive</c>: the service's own journal (in a private folder under the archive
/// root) and hour closer, so a replay writes exactly the files the live service would. Records also reach the printer
/// for the counts.
/// </summary>
internal sealed class ReplayArchive : IDisposable
{
    private readonly ArchiveOptions _options;
    private readonly ArchiveRecorder _recorder;
    private readonly TextWriter _output;

    public ReplayArchive(string archiveRoot, IFeedSink printer, TextWriter output)
    {
        _output = output;
        _options = new ArchiveOptions
        {
            ArchiveRoot = archiveRoot,
            JournalDirectory = Path.Combine(archiveRoot, ".replay-journal", Guid.NewGuid().ToString("N")),
        };
        _recorder = new ArchiveRecorder(_options);
        Sink = new TeeSink(_recorder, printer);
    }

    public IFeedSink Sink { get; }

    /// <summary>Makes the journal durable and closes every hour it holds; returns the files written.</summary>
    public IReadOnlyList<string> Complete()
    {
        _recorder.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        var closer = new HourCloser(_options, _recorder.Journal, TimeProvider.System, new WriteLineLogger(_output));
        return closer.CloseAllAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _recorder.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            Directory.Delete(_options.JournalDirectory, recursive: true);
            var parent = Path.GetDirectoryName(_options.JournalDirectory)!;
            if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any()) Directory.Delete(parent);
        }
        catch (IOException)
        {
        }
    }

    private sealed class TeeSink(IFeedSink first, IFeedSink second) : IFeedSink
    {
        public void OnTrade(in Trade trade)
        {
            first.OnTrade(trade);
            second.OnTrade(trade);
        }

        public void OnBook(BookSnapshot book)
        {
            first.OnBook(book);
            second.OnBook(book);
        }

        public void OnEvent(FeedEvent feedEvent)
        {
            first.OnEvent(feedEvent);
            second.OnEvent(feedEvent);
        }
    }

    /// <summary>Prints the closer's WRITE lines (and warnings) to the command's output.</summary>
    private sealed class WriteLineLogger(TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) output.WriteLine(formatter(state, exception));
        }
    }
}
