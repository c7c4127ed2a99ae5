using Archiver.Feeds.Model;

namespace Archiver.Cli.Journal;

/// <summary>What one open segment holds: a stream (exchange, symbol, kind, depth) and an hour. The store's routing key.</summary>
internal readonly record struct JournalStreamHour(ExchangeId Exchange, string Symbol, StreamKind Kind, int Depth, long HourStartMicros);
