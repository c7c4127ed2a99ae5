using Archiver.Feeds.Model;

namespace Archiver.Cli.Journal;

/// <summary>
/// What a journal segment holds: one stream (exchange, symbol, kind and, for books, the depth) during one UTC hour,
/// written by one process. Stored at the start of the segment file, see <c>README.md</c>.
/// </summary>
/// <param name="Exchange">The exchange.</param>
/// <param name="Symbol">The symbol as configured (BTCUSDT, BTC), at most <see cref="JournalFormat.MaxSymbolBytes"/> UTF-8 bytes.</param>
/// <param name="Kind">Books or trades.</param>
/// <param name="Depth">Book levels per side (1 to <see cref="JournalFormat.MaxDepth"/>); 0 for trades.</param>
/// <param name="HourStartMicros">The first instant of the hour, µs since the Unix epoch, UTC.</param>
/// <param name="SegmentId">Unique per segment file.</param>
/// <param name="CreatedAtMicros">When the segment was created, µs UTC.</param>
public sealed record JournalSegmentHeader(
    ExchangeId Exchange, string Symbol, StreamKind Kind, int Depth, long HourStartMicros, Guid SegmentId, long CreatedAtMicros);
