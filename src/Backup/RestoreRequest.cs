using Archiver.Store.Archive;

namespace Archiver.Backup;

/// <summary>What to restore: hours of some series, or everything (optionally under a relative-path prefix).</summary>
public sealed record RestoreRequest
{
    /// <summary>The series of a range restore; an l2book key's depth selects that depth.</summary>
    public IReadOnlyList<ArchiveFileKey> Series { get; init; } = [];

    public ArchiveHour Start { get; init; }

    public ArchiveHour End { get; init; }

    /// <summary>Restore every archive object (under <see cref="PathPrefix"/> when set) instead of a range.</summary>
    public bool All { get; init; }

    /// <summary>With <see cref="All"/>: only archive paths starting with this (e.g. <c>binance/perp/trades/2025/</c>).</summary>
    public string? PathPrefix { get; init; }

    /// <summary>Fail (before downloading) when any requested hour is missing from the bucket.</summary>
    public bool Strict { get; init; }

    /// <summary>The hours <paramref name="start"/>..<paramref name="end"/> (both included) of one ticker's kinds.</summary>
    public static RestoreRequest Range(string exchange, string ticker, IEnumerable<ArchiveKind> kinds, int depth,
        ArchiveHour start, ArchiveHour end, bool strict = false)
    {
        if (end < start) throw new ArgumentException($"the end {end} is before the start {start}");
        return new RestoreRequest
        {
            Series = kinds.Distinct().Select(k => new ArchiveFileKey(exchange, ticker, k, k == ArchiveKind.L2Book ? depth : 0)).ToList(),
            Start = start,
            End = end,
            Strict = strict,
        };
    }

    /// <summary>Every archive object, or those whose relative path starts with <paramref name="pathPrefix"/>.</summary>
    public static RestoreRequest Everything(string? pathPrefix = null) => new() { All = true, PathPrefix = pathPrefix };
}
