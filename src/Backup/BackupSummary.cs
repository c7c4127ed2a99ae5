using System.Globalization;
using System.Text;

namespace Archiver.Backup;

/// <summary>The outcome of a backup run.</summary>
public sealed record BackupSummary(int Uploaded, int Unchanged, int Failed, long BytesUploaded, TimeSpan Elapsed,
    int FilesHashed, IReadOnlyList<TransferProgress> Failures)
{
    /// <summary>Uploaded bytes per second.</summary>
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesUploaded / Elapsed.TotalSeconds : 0;

    /// <summary>Whether nothing was uploaded or deleted (the counts say what a real run would do).</summary>
    public bool DryRun { get; init; }

    /// <summary>The local retention of the run in days, or null when it keeps every local file.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>Local files deleted by the retention (in a dry run: that it would delete).</summary>
    public int Deleted { get; init; }

    /// <summary>Local files past the retention that were kept because the bucket does not hold the same content.</summary>
    public int KeptUnverified { get; init; }

    /// <summary>
    /// The one-line summary <c>archiver backup</c> prints and the service's backup job logs, e.g.
    /// <c>backup to bucket 'b' at ...: uploaded 3, unchanged 10, failed 0, 1.2 MB in 0.4 s (3.0 MB/s); deleted 2 local file(s) older than 30 day(s)</c>.
    /// </summary>
    public string Describe(BucketOptions bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture,
            $"backup to {bucket}: uploaded {Uploaded}, unchanged {Unchanged}, failed {Failed}, {BytesUploaded / 1048576.0:F1} MB in {Elapsed.TotalSeconds:F1} s ({BytesPerSecond / 1048576.0:F1} MB/s)");
        if (RetentionDays is { } days)
        {
            line.Append(CultureInfo.InvariantCulture, $"; deleted {Deleted} local file(s) older than {days} day(s)");
            if (KeptUnverified > 0) line.Append(CultureInfo.InvariantCulture, $", kept {KeptUnverified} the bucket does not hold identically");
        }

        if (DryRun) line.Append(" (dry run)");
        return line.ToString();
    }
}
