namespace Archiver.Cli.Journal;

/// <summary>What <see cref="JournalSegmentReader.Read"/> found in a segment.</summary>
/// <param name="Path">The segment file.</param>
/// <param name="Header">Its header.</param>
/// <param name="RecordsRead">Records replayed to the sink (all valid, in file order).</param>
/// <param name="ValidBytes">Bytes from the start of the file through the last valid record (header included).</param>
/// <param name="FileLength">The file's length when reading started.</param>
/// <param name="TornTail">
/// Whether reading stopped before the end of the file at a torn record (cut short by a crash) or a corrupt one (a CRC
/// mismatch or an impossible length or value); <see cref="ValidBytes"/> is then where that record starts.
/// </param>
/// <param name="Description">What was wrong with the tail, with its offset; null when the whole file was valid.</param>
public sealed record JournalReadResult(
    string Path, JournalSegmentHeader Header, long RecordsRead, long ValidBytes, long FileLength, bool TornTail, string? Description);
