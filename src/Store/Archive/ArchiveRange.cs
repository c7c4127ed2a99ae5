namespace Archiver.Store.Archive;

/// <summary>
/// What the archive holds for one series over an hour range (both ends included): the files present, in hour order,
/// and the hours that have no file.
/// </summary>
public sealed class ArchiveRange
{
    public ArchiveRange(string root, ArchiveFileKey key, ArchiveHour start, ArchiveHour end, IReadOnlyList<ArchiveHourFile> files, IReadOnlyList<ArchiveHour> missing)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(missing);
        Root = root;
        Key = key;
        Start = start;
        End = end;
        Files = files;
        Missing = missing;
    }

    /// <summary>The archive root the paths were built under.</summary>
    public string Root { get; }

    public ArchiveFileKey Key { get; }

    /// <summary>The first hour of the range.</summary>
    public ArchiveHour Start { get; }

    /// <summary>The last hour of the range (included).</summary>
    public ArchiveHour End { get; }

    /// <summary>The files that exist, in hour order.</summary>
    public IReadOnlyList<ArchiveHourFile> Files { get; }

    /// <summary>The hours of the range without a file, in order.</summary>
    public IReadOnlyList<ArchiveHour> Missing { get; }

    /// <summary>Full paths of <see cref="Files"/>, in hour order.</summary>
    public IReadOnlyList<string> Paths => Files.Select(f => f.Path).ToArray();

    /// <summary>Hours in the range.</summary>
    public int HourCount => Files.Count + Missing.Count;

    /// <summary>The first instant of the range, µs since the epoch (UTC).</summary>
    public long StartMicros => Start.StartMicros;

    /// <summary>The first instant after the range, µs since the epoch (UTC).</summary>
    public long EndMicros => End.EndMicros;
}
