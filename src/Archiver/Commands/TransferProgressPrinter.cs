using System.Diagnostics;
using Archiver.Backup;

namespace Archiver.Cli.Commands;

/// <summary>
/// Shows transfer progress: on a terminal one line rewritten in place (counts and bytes), otherwise a plain line per file
/// moved or failed. Thread-safe (transfers run in parallel).
/// </summary>
internal sealed class TransferProgressPrinter(TextWriter error, string verb) : IProgress<TransferProgress>
{
    private readonly bool _terminal = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Dictionary<TransferAction, int> _counts = [];
    private long _bytes;
    private long _lastDraw;

    public void Report(TransferProgress value)
    {
        lock (_lock)
        {
            _counts[value.Action] = _counts.GetValueOrDefault(value.Action) + 1;
            if (value.Action is TransferAction.Uploaded or TransferAction.Downloaded) _bytes += value.Bytes;
            if (_terminal)
            {
                if (_clock.ElapsedMilliseconds - _lastDraw < 200 && value.Action != TransferAction.Failed) return;
                _lastDraw = _clock.ElapsedMilliseconds;
                var counts = string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"{c.Key.ToString().ToLowerInvariant()} {c.Value}"));
                error.Write($"\r{verb}: {counts}, {_bytes / 1048576.0:F1} MB  ");
                if (value.Action == TransferAction.Failed) error.WriteLine($"\n{value.RelativePath}: {value.Error}");
            }
            else if (value.Action is not (TransferAction.Unchanged or TransferAction.Skipped))
            {
                error.WriteLine($"{value.Action.ToString().ToLowerInvariant()} {value.RelativePath}{(value.Error is null ? string.Empty : ": " + value.Error)}");
            }
        }
    }

    /// <summary>Ends the in-place line on a terminal.</summary>
    public void Finish()
    {
        if (_terminal) error.WriteLine();
    }
}
