using Archiver.Store.Archive;

namespace Archiver.Store.Ingest;

/// <summary>Which archive files an ingest takes: by exchange (any case), ticker (exact), kind and an hour range (both ends included).</summary>
public sealed record ArchiveIngestFilter
{
    public static ArchiveIngestFilter All { get; } = new();

    public string? Exchange { get; init; }

    public string? Ticker { get; init; }

    /// <summary>Null: trades and l2book.</summary>
    public ArchiveKind? Kind { get; init; }

    public ArchiveHour? Start { get; init; }

    public ArchiveHour? End { get; init; }

    /// <summary>Whether a file of <paramref name="key"/> for <paramref name="hour"/> is selected.</summary>
    public bool Matches(ArchiveFileKey key, ArchiveHour hour)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (Exchange is null || string.Equals(key.Exchange, Exchange, StringComparison.OrdinalIgnoreCase))
               && (Ticker is null || string.Equals(key.Ticker, Ticker, StringComparison.Ordinal))
               && (Kind is null || key.Kind == Kind)
               && (Start is null || hour >= Start.Value)
               && (End is null || hour <= End.Value);
    }
}
