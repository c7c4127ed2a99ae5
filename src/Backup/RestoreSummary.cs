namespace Archiver.Backup;

/// <summary>The outcome of a restore run.</summary>
public sealed record RestoreSummary(int Downloaded, int Skipped, int Failed, long BytesDownloaded, TimeSpan Elapsed,
    IReadOnlyList<string> Missing, IReadOnlyList<string> Refused, IReadOnlyList<TransferProgress> Failures)
{
    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesDownloaded / Elapsed.TotalSeconds : 0;
}
