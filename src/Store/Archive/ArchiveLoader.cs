using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Archive;

/// <summary>
/// Loads a series' hourly archive files over an hour range for research, like quantpylib's
/// <c>Feed.load_trade_archives</c> / <c>load_lob_archives</c>: the hours run from the start to the end, both included;
/// <see cref="ListPaths"/> is their <c>only_paths=True</c>. <see cref="Load(string, ArchiveFileKey, ArchiveHour, ArchiveHour, IReadOnlyList{string}?)"/>
/// returns one columnar table sorted by <c>ts</c> and cut to the range.
/// </summary>
public static class ArchiveLoader
{
    /// <summary>The column every archive file is sorted and cut on: the local receive time.</summary>
    public const string TimeColumn = "ts";

    /// <summary>Full paths of the files of the range that exist, in hour order (hours without a file are skipped).</summary>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static IReadOnlyList<string> ListPaths(string root, ArchiveFileKey key, ArchiveHour start, ArchiveHour end) =>
        Plan(root, key, start, end).Paths;

    /// <summary>Which hours of the range have a file under <paramref name="root"/> and which do not.</summary>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static ArchiveRange Plan(string root, ArchiveFileKey key, ArchiveHour start, ArchiveHour end)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(key);
        CheckOrder(start, end);
        var files = new List<ArchiveHourFile>();
        var missing = new List<ArchiveHour>();
        foreach (var hour in ArchiveHour.Range(start, end))
        {
            var path = ArchivePaths.PathFor(root, key, hour);
            if (File.Exists(path)) files.Add(new ArchiveHourFile(hour, path));
            else missing.Add(hour);
        }

        return new ArchiveRange(Path.GetFullPath(root), key, start, end, files, missing);
    }

    /// <summary>
    /// Reads every file of the range (only <paramref name="columns"/> when given, in that order; row groups whose
    /// <c>ts</c> statistics lie outside the range are skipped) into one table, sorted by <c>ts</c> (stable) and cut to
    /// [start, end + 1 hour). With no file in the range the table is empty, with the columns of the series' schema.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>, or a column does not exist.</exception>
    /// <exception cref="ParquetFormatException">A file is corrupt, has no usable <c>ts</c>, or disagrees with the first file on a column's type; the message names the file.</exception>
    public static RowGroupData Load(string root, ArchiveFileKey key, ArchiveHour start, ArchiveHour end, IReadOnlyList<string>? columns = null) =>
        Load(Plan(root, key, start, end), columns);

    /// <summary>Loads the files of a planned range; see <see cref="Load(string, ArchiveFileKey, ArchiveHour, ArchiveHour, IReadOnlyList{string}?)"/>.</summary>
    public static RowGroupData Load(ArchiveRange range, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (columns is not null)
        {
            if (columns.Any(string.IsNullOrEmpty)) throw new ArgumentException("A column name is empty.", nameof(columns));
            var duplicate = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new ArgumentException($"Column '{duplicate.Key}' is asked for twice.", nameof(columns));
        }

        if (range.Files.Count == 0) return Empty(range.Key, columns);

        // Pass 1, footers only: the row groups that may hold rows of the range, the output columns, the table size.
        var files = new List<FilePlan>(range.Files.Count);
        ParquetField[]? fields = null;
        ParquetField? timeField = null;
        string firstPath = range.Files[0].Path;
        long rows = 0;
        foreach (var file in range.Files)
        {
            using var reader = ParquetFileReader.Open(file.Path);
            var time = TimeField(reader);
            if (fields is null)
            {
                fields = (columns ?? reader.Schema.Fields.Select(f => f.Name).ToArray()).Select(c => Field(reader, c)).ToArray();
                timeField = time;
            }
            else
            {
                CheckSame(reader, time, timeField!, firstPath);
                foreach (var f in fields) CheckSame(reader, Field(reader, f.Name), f, firstPath);
            }

            var (min, max) = Bounds(time.TimeUnit, time.Logical, range);
            var groups = reader.RowGroupsOverlapping(TimeColumn, min, max).ToArray();
            rows += groups.Sum(g => reader.GetRowGroupRowCount(g));
            files.Add(new FilePlan(file.Path, groups, min, max));
        }

        var capacity = (int)Math.Min(rows, Array.MaxLength);
        var builders = fields!.Select(f => ArchiveColumnBuilder.Create(f, capacity)).ToArray();
        var timeOutput = Array.FindIndex(fields!, f => f.Name == TimeColumn);
        var timeBuilder = timeOutput >= 0 ? builders[timeOutput] : ArchiveColumnBuilder.Create(timeField!, capacity);

        // Pass 2: read the selected row groups, keep the rows of the range.
        foreach (var file in files)
        {
            if (file.Groups.Length == 0) continue;
            using var reader = ParquetFileReader.Open(file.Path);
            var timeIndex = reader.Schema.IndexOf(TimeColumn);
            var indices = fields!.Select(f => reader.Schema.IndexOf(f.Name)).ToArray();
            foreach (var g in file.Groups)
            {
                var time = (ColumnData<long>)reader.ReadColumn(g, timeIndex);
                var selected = Select(time, file.Min, file.Max, out var all);
                if (!all && selected.Length == 0) continue;
                if (timeOutput < 0) timeBuilder.Append(time, selected, all);
                for (var c = 0; c < indices.Length; c++)
                {
                    var part = indices[c] == timeIndex ? time : reader.ReadColumn(g, indices[c]);
                    builders[c].Append(part, selected, all);
                }
            }
        }

        var order = SortOrder(ArchiveColumnBuilder.Int64Values(timeBuilder), timeBuilder.Count);
        if (order is not null)
            foreach (var b in builders) b.Reorder(order);
        return new RowGroupData(timeBuilder.Count, builders.Select(b => b.Build()).ToArray());
    }

    private sealed record FilePlan(string Path, int[] Groups, long Min, long Max);

    private static void CheckOrder(ArchiveHour start, ArchiveHour end)
    {
        if (end < start) throw new ArgumentException($"The end hour {end} is before the start hour {start}.", nameof(end));
    }

    private static RowGroupData Empty(ArchiveFileKey key, IReadOnlyList<string>? columns)
    {
        var schema = ArchiveSchemas.For(key);
        var fields = columns is null
            ? schema.Fields.ToArray()
            : columns.Select(c => schema.IndexOf(c) is var i and >= 0 ? schema[i] : throw new ArgumentException($"The {key.Kind.ToString().ToLowerInvariant()} schema has no column '{c}'.", nameof(columns))).ToArray();
        return new RowGroupData(0, fields.Select(f => ArchiveColumnBuilder.Create(f, 0).Build()).ToArray());
    }

    private static ParquetField Field(ParquetFileReader reader, string name)
    {
        var index = reader.Schema.IndexOf(name);
        if (index < 0) throw new ArgumentException($"{reader.Name} has no column '{name}'.", nameof(name));
        return reader.Schema[index];
    }

    private static ParquetField TimeField(ParquetFileReader reader)
    {
        var index = reader.Schema.IndexOf(TimeColumn);
        if (index < 0)
            throw new ParquetFormatException($"no '{TimeColumn}' column: not an archive file", reader.Name, null, -1);
        var field = reader.Schema[index];
        if (field.PhysicalType != PhysicalType.Int64 || field.Logical is not (LogicalKind.Timestamp or LogicalKind.None))
            throw new ParquetFormatException($"'{TimeColumn}' is {ValueFormatter.Describe(field)}; an archive needs INT64 TIMESTAMP", reader.Name, TimeColumn, -1);
        return field;
    }

    private static void CheckSame(ParquetFileReader reader, ParquetField field, ParquetField first, string firstPath)
    {
        if ((field with { IsNullable = false }) == (first with { IsNullable = false })) return;
        throw new ParquetFormatException(
            $"the column is {ValueFormatter.Describe(field)} here but {ValueFormatter.Describe(first)} in {firstPath}", reader.Name, field.Name, -1);
    }

    /// <summary>The range as inclusive bounds in the <c>ts</c> column's own unit (a plain INT64 is taken as µs).</summary>
    private static (long Min, long Max) Bounds(TimeUnit unit, LogicalKind logical, ArchiveRange range)
    {
        long lo = range.StartMicros, hi = range.EndMicros - 1;
        if (logical != LogicalKind.Timestamp) return (lo, hi);
        return unit switch
        {
            TimeUnit.Millis => (-FloorDiv(-lo, 1000), FloorDiv(hi, 1000)),
            TimeUnit.Nanos => (SaturatingTimes1000(lo), SaturatingTimes1000(hi + 1) - 1),
            _ => (lo, hi),
        };
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    private static long SaturatingTimes1000(long v) =>
        v > long.MaxValue / 1000 ? long.MaxValue : v < long.MinValue / 1000 ? long.MinValue : v * 1000;

    /// <summary>Rows of <paramref name="time"/> inside [min, max]; <paramref name="all"/> when that is every row.</summary>
    private static int[] Select(ColumnData<long> time, long min, long max, out bool all)
    {
        var values = time.Span;
        var present = time.Present;
        var inside = 0;
        for (var i = 0; i < values.Length; i++)
            if (values[i] >= min && values[i] <= max && (present is null || present[i])) inside++;
        all = inside == values.Length;
        if (all) return [];
        var rows = new int[inside];
        var at = 0;
        for (var i = 0; i < values.Length; i++)
            if (values[i] >= min && values[i] <= max && (present is null || present[i])) rows[at++] = i;
        return rows;
    }

    /// <summary>Null when the first <paramref name="count"/> <paramref name="keys"/> are in order already, else the stable order that sorts them.</summary>
    private static int[]? SortOrder(long[] keys, int count)
    {
        var sorted = true;
        for (var i = 1; i < count && sorted; i++) sorted = keys[i - 1] <= keys[i];
        if (sorted) return null;
        var order = new int[count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        // Ties broken by position, so the unstable sort yields the stable order.
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        return order;
    }
}
