using System.Globalization;
using Archiver.Feeds;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;

namespace Archiver.Cli.Archiving;

/// <summary>
/// Builds one archive file (a series and an hour) from journal segments, merged with the file's existing rows when the
/// hour was closed before (late segments). The footer lists the segments the file holds, so writing the same segment
/// twice is impossible: a segment already listed is skipped (a crash between the rename and the journal deletion).
/// Rows are sorted by <c>ts</c>; the file is written under a temporary name, fsynced and renamed.
/// </summary>
internal static class ArchiveFileWriter
{
    public const string WriterVersion = "archiver 1.0";

    /// <summary>A journal segment to include: its file and its unique id.</summary>
    public readonly record struct Segment(string Path, string Id);

    /// <summary>What was written.</summary>
    public sealed record Result(string Path, long Rows, long Bytes, int SegmentsAdded);

    /// <summary>
    /// Writes <paramref name="key"/>'s file for <paramref name="hour"/> under <paramref name="root"/> with the rows of
    /// <paramref name="segments"/> (read through <paramref name="readSegment"/>) not already in it. Returns null when
    /// every segment was already included (nothing to write).
    /// </summary>
    public static Result? Write(string root, ArchiveFileKey key, ArchiveHour hour, IReadOnlyList<Segment> segments, Action<string, IFeedSink> readSegment)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(readSegment);
        var path = ArchivePaths.PathFor(root, key, hour);
        IArchiveTableBuilder table = key.Kind == ArchiveKind.Trades ? new TradeTableBuilder() : new BookTableBuilder(key.Depth);
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            using var existing = ParquetFileReader.Open(path);
            if (existing.KeyValueMetadata.TryGetValue(ArchiveSchemas.Keys.Sources, out var listed))
                sources.UnionWith(listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            table.AddExisting(existing.ReadAll());
        }

        var added = 0;
        foreach (var segment in segments)
        {
            if (sources.Contains(segment.Id)) continue;
            readSegment(segment.Path, (IFeedSink)table);
            sources.Add(segment.Id);
            added++;
        }

        if (added == 0) return null;
        var columns = table.Build(SortOrder(table));
        var rows = table.Count;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ArchiveSchemas.Keys.Exchange] = key.Exchange,
            [ArchiveSchemas.Keys.Symbol] = key.Ticker,
            [ArchiveSchemas.Keys.Kind] = ArchivePaths.KindFolder(key.Kind),
            [ArchiveSchemas.Keys.Depth] = key.Depth.ToString(CultureInfo.InvariantCulture),
            [ArchiveSchemas.Keys.SchemaVersion] = ArchiveSchemas.SchemaVersion.ToString(CultureInfo.InvariantCulture),
            [ArchiveSchemas.Keys.WriterVersion] = WriterVersion,
            [ArchiveSchemas.Keys.Rows] = rows.ToString(CultureInfo.InvariantCulture),
            [ArchiveSchemas.Keys.Hour] = hour.ToString(),
            [ArchiveSchemas.Keys.Gaps] = table.GapFlags.ToString(CultureInfo.InvariantCulture),
            [ArchiveSchemas.Keys.Reconnects] = table.ReconnectFlags.ToString(CultureInfo.InvariantCulture),
            [ArchiveSchemas.Keys.Sources] = string.Join(",", sources),
        };
        if (rows > 0)
        {
            var ts = (Store.Parquet.Data.ColumnData<long>)columns[0];
            metadata[ArchiveSchemas.Keys.FirstTs] = Store.Parquet.Data.ValueFormatter.FormatTimestamp(ts.Values[0], Store.Parquet.Metadata.TimeUnit.Micros);
            metadata[ArchiveSchemas.Keys.LastTs] = Store.Parquet.Data.ValueFormatter.FormatTimestamp(ts.Values[rows - 1], Store.Parquet.Metadata.TimeUnit.Micros);
        }

        using (var writer = ParquetFileWriter.Create(path, ArchiveSchemas.For(key), ArchiveSchemas.WriterOptions with { OverwriteExisting = true }, metadata))
        {
            if (rows > 0) writer.Write(columns);
            writer.Complete();
        }

        return new Result(path, rows, new FileInfo(path).Length, added);
    }

    /// <summary>A stable permutation that sorts the rows by <c>ts</c>, or null when they are sorted already.</summary>
    private static int[]? SortOrder(IArchiveTableBuilder table)
    {
        var sorted = true;
        for (var i = 1; i < table.Count && sorted; i++) sorted = table.TimeAt(i - 1) <= table.TimeAt(i);
        if (sorted) return null;
        var order = Enumerable.Range(0, table.Count).ToArray();
        var keys = new (long Ts, int Row)[table.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = (table.TimeAt(i), i);
        Array.Sort(keys, order); // (ts, row) is unique, so the sort is stable in effect
        return order;
    }
}
