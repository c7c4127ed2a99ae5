using System.Diagnostics;
using Archiver.Store.Ingest;

namespace Archiver.Cli.Commands;

/// <summary>
/// Shows ingest progress: on a terminal a bar rewritten in place (files, rows, MB, rows/s), at most five times a second;
/// otherwise one plain line per file ingested or failed (unchanged files are only counted).
/// </summary>
internal sealed class IngestProgressPrinter(TextWriter error) : IProgress<IngestProgress>
{
    private const int BarWidth = 30;
    private readonly bool _terminal = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;
    private bool _drawn;

    public void Report(IngestProgress value)
    {
        if (!_terminal)
        {
            if (value.Outcome == IngestFileOutcome.Ingested) error.WriteLine($"ingested {value.RelativePath}");
            else if (value.Outcome == IngestFileOutcome.Failed) error.WriteLine($"failed {value.RelativePath}: {value.Error}");
            return;
        }

        if (value.Outcome == IngestFileOutcome.Failed)
        {
            error.Write("\r\u001b[2K");
            error.WriteLine($"failed {value.RelativePath}: {value.Error}");
        }

        var last = value.FilesDone == value.FilesTotal;
        if (!last && value.Outcome != IngestFileOutcome.Failed && _clock.ElapsedMilliseconds - _lastDraw < 200) return;
        _lastDraw = _clock.ElapsedMilliseconds;
        var filled = value.FilesTotal == 0 ? BarWidth : (int)((long)BarWidth * value.FilesDone / value.FilesTotal);
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        error.Write($"\r\u001b[2Kingest [{new string('#', filled)}{new string('-', BarWidth - filled)}] {value.FilesDone}/{value.FilesTotal} files, " +
                    $"{value.Rows:N0} rows, {value.Bytes / 1048576.0:F1} MB, {value.Rows / seconds / 1e6:F2}M rows/s");
        _drawn = true;
    }

    /// <summary>Ends the in-place line on a terminal.</summary>
    public void Finish()
    {
        if (_terminal && _drawn) error.WriteLine();
    }
}
