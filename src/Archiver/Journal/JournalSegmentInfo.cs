using Archiver.Feeds.Model;
using Archiver.Store.Archive;

namespace Archiver.Cli.Journal;

/// <summary>A journal segment file found under a <see cref="JournalStore"/>'s root (what its path says).</summary>
/// <param name="Path">The full path of the segment file.</param>
/// <param name="Exchange">The exchange.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Kind">Books or trades.</param>
/// <param name="Depth">Book levels per side; 0 for trades.</param>
/// <param name="HourStartMicros">The first instant of the segment's hour, µs UTC.</param>
/// <param name="SegmentId">The segment's id (also in its header).</param>
/// <param name="Length">The file's length when it was listed.</param>
/// <param name="IsOpen">Whether this store still appends to it (it must be sealed before it is archived or deleted).</param>
public sealed record JournalSegmentInfo(
    string Path, ExchangeId Exchange, string Symbol, StreamKind Kind, int Depth, long HourStartMicros, Guid SegmentId, long Length, bool IsOpen)
{
    /// <summary>The segment's hour.</summary>
    public ArchiveHour Hour => ArchiveHour.FromMicros(HourStartMicros);
}
