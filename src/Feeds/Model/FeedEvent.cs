namespace Archiver.Feeds.Model;

/// <summary>
/// Something that happened to a connection or a stream. Events are rare, so they are plain objects with text.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Exchange">Which exchange.</param>
/// <param name="Stream">The stream concerned, or null for a whole connection.</param>
/// <param name="TimeMicros">When it was noticed, µs UTC.</param>
/// <param name="DurationMicros">For a disconnect or a gap: how long data was missing, when known; otherwise 0.</param>
/// <param name="Detail">A short human-readable explanation (ids, counts, a sample of a bad frame).</param>
public sealed record FeedEvent(FeedEventKind Kind, ExchangeId Exchange, StreamKey? Stream, long TimeMicros, long DurationMicros, string Detail)
{
    public override string ToString() =>
        $"{Kind} {Exchange.ToString().ToLowerInvariant()}{(Stream is { } s ? " " + s : string.Empty)}{(DurationMicros > 0 ? $" after {DurationMicros / 1000} ms" : string.Empty)}: {Detail}";
}
