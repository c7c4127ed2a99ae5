using Archiver.Cli.Journal;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Archiving;

/// <summary>
/// Closes hours: seals their journal segments, writes each series' Parquet file (<see cref="ArchiveFileWriter"/>) and
/// then deletes the segments. Hour H is due once <c>H + 1h + grace</c> has passed on the service's clock, so a run after
/// a sleep or a restart catches up every closed hour still in the journal. Segments already in a file are skipped, so
/// a crash anywhere in between never loses or duplicates a record. One close runs at a time.
/// </summary>
public sealed partial class HourCloser : IHourCloser
{
    private readonly ArchiveOptions _options;
    private readonly JournalStore _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _running = new(1, 1);

    public HourCloser(ArchiveOptions options, JournalStore journal, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    /// <summary>Archive files written since start.</summary>
    public long FilesWritten { get; private set; }

    public Task<IReadOnlyList<string>> CloseDueHoursAsync(CancellationToken cancellationToken)
    {
        var now = FeedClock.NowMicros(_time);
        var limit = ArchiveHour.FromMicros(now - (long)_options.CloseGrace.TotalMicroseconds).StartMicros;
        return CloseHoursBeforeAsync(limit, cancellationToken);
    }

    /// <summary>Closes every hour in the journal, the open one included (replays, tests).</summary>
    public Task<IReadOnlyList<string>> CloseAllAsync(CancellationToken cancellationToken) => CloseHoursBeforeAsync(long.MaxValue, cancellationToken);

    private async Task<IReadOnlyList<string>> CloseHoursBeforeAsync(long limitMicros, CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Close(limitMicros, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.Release();
        }
    }

    private List<string> Close(long limitMicros, CancellationToken cancellationToken)
    {
        _journal.SealHoursBefore(limitMicros);
        var written = new List<string>();
        var groups = _journal.ListSegments()
            .Where(s => !s.IsOpen && s.HourStartMicros < limitMicros)
            .GroupBy(s => (s.Exchange, s.Symbol, s.Kind, s.Depth, s.HourStartMicros))
            .OrderBy(g => g.Key.HourStartMicros).ThenBy(g => g.Key.Exchange).ThenBy(g => g.Key.Symbol, StringComparer.Ordinal).ThenBy(g => g.Key.Kind);
        foreach (var group in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (exchange, symbol, kind, depth, hourStart) = group.Key;
            var key = new ArchiveFileKey(exchange.ToString(), symbol, kind == StreamKind.Book ? ArchiveKind.L2Book : ArchiveKind.Trades, depth);
            var hour = ArchiveHour.FromMicros(hourStart);
            var target = ArchivePaths.PathFor(_options.ArchiveRoot, key, hour);
            if (!File.Exists(target) && File.Exists(ArchivePaths.RetiredMarkerFor(target)))
            {
                // Backup retention deleted this hour's file after verifying the bucket's copy: a file of the late rows
                // alone would replace the complete copy at the next backup. Keep them in the journal until it is restored.
                LogRetiredHour(DisplayPath(target), group.Count(), key.Exchange, key.Ticker, hour.ToString());
                continue;
            }

            var segments = group.OrderBy(s => s.Path, StringComparer.Ordinal).Select(s => new ArchiveFileWriter.Segment(s.Path, s.SegmentId.ToString("N"))).ToList();
            var result = ArchiveFileWriter.Write(_options.ArchiveRoot, key, hour, segments, ReadSegment);
            if (result is not null)
            {
                FilesWritten++;
                written.Add(result.Path);
                LogWrite(DisplayPath(result.Path), result.Rows, FormatSize(result.Bytes));
            }

            foreach (var segment in group) _journal.Delete(segment.Path);
        }

        return written;
    }

    private void ReadSegment(string path, Feeds.IFeedSink sink)
    {
        var result = JournalSegmentReader.Read(path, sink);
        if (result.TornTail) LogTornTail(path, result.RecordsRead);
    }

    private static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    private static string FormatSize(long bytes) => bytes >= 10 << 20 ? $"{bytes >> 20} MB" : $"{Math.Max(1, bytes >> 10)} KB";

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "WRITE {Path} records: {Records} size: {Size}")]
    private partial void LogWrite(string path, long records, string size);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Late records for {Path}, whose file backup retention deleted locally: {Segments} journal segment(s) kept until the hour is restored (archiver restore --exchange {Exchange} --ticker {Ticker} --start {Hour} --end {Hour}); they are merged at the next close after that")]
    private partial void LogRetiredHour(string path, int segments, string exchange, string ticker, string hour);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Journal segment {Path} ended in a torn record (a crash mid-write); kept the {Records} records before it")]
    private partial void LogTornTail(string path, long records);
}
