using System.CommandLine;
using System.Globalization;
using System.Text;
using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver load --exchange E --ticker T --kind trades|l2book [--depth N] --start YYYY-MM-DD:HH --end YYYY-MM-DD:HH
/// [--paths] [--csv FILE] [--archive DIR] [--rows N]</c>: the archive files of an hour range (both ends included), like
/// quantpylib's <c>Feed.load_trade_archives</c> / <c>load_lob_archives</c>. <c>--paths</c> prints only the paths
/// (<c>only_paths=True</c>); otherwise a summary and the first rows, or every row as CSV with <c>--csv</c>.
/// </summary>
internal static class LoadCommand
{
    /// <summary>Default book depth of l2book archives.</summary>
    public const int DefaultDepth = 20;

    /// <summary>A CSV export of more rows than this reports its progress on standard error.</summary>
    public const int DefaultProgressEvery = 1_000_000;

    public static Command Create(TextWriter output) => Create(output, DefaultProgressEvery);

    /// <summary>Builds the command; <paramref name="progressEvery"/> is the CSV progress interval in rows.</summary>
    internal static Command Create(TextWriter output, int progressEvery)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(progressEvery);
        var exchange = new Option<string>("--exchange") { Description = "Exchange (the archive folder), e.g. binance.", Required = true };
        var ticker = new Option<string>("--ticker") { Description = "Ticker as the exchange spells it, e.g. BTCUSDT.", Required = true };
        var kind = new Option<string>("--kind") { Description = "trades or l2book.", Required = true };
        var depth = new Option<int?>("--depth") { Description = $"Book levels per side of an l2book archive (default {DefaultDepth})." };
        var start = new Option<string>("--start") { Description = "First hour, YYYY-MM-DD:HH (UTC).", Required = true };
        var end = new Option<string>("--end") { Description = "Last hour, YYYY-MM-DD:HH (UTC), included.", Required = true };
        var paths = new Option<bool>("--paths") { Description = "Print only the paths of the files that exist, in hour order." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write every row of the range to this CSV file." };
        var archive = new Option<DirectoryInfo>("--archive")
        {
            Description = "Archive root folder.",
            DefaultValueFactory = _ => new DirectoryInfo("archives"),
        };
        var rows = new Option<int>("--rows") { Description = "How many leading rows to show.", DefaultValueFactory = _ => 10 };
        var command = new Command("load", "Load the archive files of a series over an hour range: list their paths, summarize them, or export them as CSV.")
        {
            exchange, ticker, kind, depth, start, end, paths, csv, archive, rows,
        };
        command.SetAction(parse =>
        {
            var key = Key(parse.GetValue(exchange)!, parse.GetValue(ticker)!, parse.GetValue(kind)!, parse.GetValue(depth));
            var first = Hour("--start", parse.GetValue(start)!);
            var last = Hour("--end", parse.GetValue(end)!);
            if (last < first) throw new CommandException($"--end {last} is before --start {first}");
            var count = parse.GetValue(rows);
            if (count < 0) throw new CommandException("--rows must be zero or more");
            var root = parse.GetValue(archive)!.FullName;
            var range = ArchiveLoader.Plan(root, key, first, last);
            if (range.Files.Count == 0) throw new CommandException(NoFiles(range));
            if (parse.GetValue(paths))
            {
                foreach (var path in range.Paths) output.WriteLine(path);
                return ArchiverCli.ExitOk;
            }

            var table = ArchiveLoader.Load(range);
            var csvFile = parse.GetValue(csv);
            if (csvFile is not null)
            {
                var error = parse.InvocationConfiguration.Error;
                WriteCsv(table, csvFile.FullName, progressEvery, error);
                output.WriteLine($"wrote {table.RowCount:N0} row(s) from {range.Files.Count} file(s) to {csvFile.FullName}");
            }
            else
            {
                WriteSummary(range, table, count, output);
            }

            return ArchiverCli.ExitOk;
        });
        return command;
    }

    private static ArchiveFileKey Key(string exchange, string ticker, string kind, int? depth)
    {
        var archiveKind = kind.Trim().ToLowerInvariant() switch
        {
            "trades" => ArchiveKind.Trades,
            "l2book" => ArchiveKind.L2Book,
            _ => throw new CommandException($"unknown kind '{kind}': use trades or l2book"),
        };
        if (archiveKind == ArchiveKind.Trades && depth is not null) throw new CommandException("--depth applies to l2book only");
        var levels = depth ?? DefaultDepth;
        if (archiveKind == ArchiveKind.L2Book && levels is <= 0 or > ArchiveFileKey.MaxDepth)
            throw new CommandException($"--depth must be a number of book levels from 1 to {ArchiveFileKey.MaxDepth}, not {levels}");
        try
        {
            return new ArchiveFileKey(exchange, ticker, archiveKind, archiveKind == ArchiveKind.L2Book ? levels : 0);
        }
        catch (ArgumentException e)
        {
            throw new CommandException($"--exchange '{exchange}' / --ticker '{ticker}': {FirstSentence(e.Message)}", e);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).ReplaceLineEndings(" ").Trim();
    }

    private static ArchiveHour Hour(string option, string text) =>
        ArchiveHour.TryParse(text, out var hour)
            ? hour
            : throw new CommandException($"{option} '{text}' is not an hour in the form YYYY-MM-DD:HH (UTC), e.g. 2025-01-06:18");

    private static string NoFiles(ArchiveRange range)
    {
        var message = $"no {range.Key} files from {range.Start} to {range.End} under {range.Root}";
        if (range.Key.Kind != ArchiveKind.L2Book) return message;
        var depths = OtherDepths(range);
        return depths.Count == 0 ? message : $"{message} (the range has l2book files of depth {string.Join(", ", depths)}; pass --depth)";
    }

    /// <summary>Depths of the series' l2book files in the months of the range, for a hint when the asked depth has none.</summary>
    private static List<int> OtherDepths(ArchiveRange range)
    {
        var depths = new SortedSet<int>();
        var month = new DateTime(range.Start.Start.Year, range.Start.Start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; month <= range.End.Start; month = month.AddMonths(1))
        {
            var folder = string.Create(CultureInfo.InvariantCulture, $"{range.Key.Exchange}/perp/l2book/{month:yyyy}/{month:MM}");
            var directory = Path.Combine(range.Root, folder);
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory, "*.parquet"))
            {
                if (ArchivePaths.TryParse($"{folder}/{Path.GetFileName(file)}", out var key, out var hour)
                    && key!.Ticker == range.Key.Ticker && hour >= range.Start && hour <= range.End)
                    depths.Add(key.Depth);
            }
        }

        return depths.ToList();
    }

    private static void WriteSummary(ArchiveRange range, RowGroupData table, int count, TextWriter output)
    {
        output.WriteLine($"series:    {range.Key}");
        output.WriteLine($"range:     {range.Start} .. {range.End} ({range.HourCount} hour(s), UTC)");
        output.WriteLine($"files:     {range.Files.Count}");
        output.WriteLine($"missing:   {(range.Missing.Count == 0 ? "none" : $"{range.Missing.Count} hour(s): {DescribeHours(range.Missing)}")}");
        output.WriteLine($"rows:      {table.RowCount:N0}");
        if (table.RowCount > 0)
        {
            var ts = table[ArchiveLoader.TimeColumn];
            output.WriteLine($"first ts:  {ValueFormatter.Format(ts, 0)}");
            output.WriteLine($"last ts:   {ValueFormatter.Format(ts, (int)table.RowCount - 1)}");
        }

        var shown = (int)Math.Min(table.RowCount, count);
        if (shown == 0) return;
        output.WriteLine();
        output.WriteLine($"first {shown} row(s):");
        var lines = new List<string[]> { table.Columns.Select(c => c.Field.Name).ToArray() };
        for (var r = 0; r < shown; r++) lines.Add(table.Columns.Select(c => TextTable.Shorten(ValueFormatter.Format(c, r), 40)).ToArray());
        TextTable.Write(lines, output);
    }

    /// <summary>Hours as runs: "2025-01-06:00, 2025-01-06:03..2025-01-06:05".</summary>
    internal static string DescribeHours(IReadOnlyList<ArchiveHour> hours)
    {
        var parts = new List<string>();
        for (var i = 0; i < hours.Count;)
        {
            var j = i;
            while (j + 1 < hours.Count && hours[j + 1] == hours[j].Next) j++;
            parts.Add(i == j ? hours[i].ToString() : $"{hours[i]}..{hours[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }

    /// <summary>
    /// Writes every row as CSV: a header of column names, ISO-8601 UTC timestamps, invariant numbers, empty cells for
    /// nulls, RFC 4180 quoting. The file appears only when complete.
    /// </summary>
    internal static void WriteCsv(RowGroupData table, string path, int progressEvery, TextWriter progress)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory ?? ".", ParquetFileWriter.TemporaryName(Path.GetFileName(path)));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
            {
                var columns = table.Columns;
                writer.WriteLine(string.Join(",", columns.Select(c => Quote(c.Field.Name))));
                var total = table.RowCount;
                var line = new StringBuilder();
                for (var r = 0; r < total; r++)
                {
                    line.Clear();
                    for (var c = 0; c < columns.Count; c++)
                    {
                        if (c > 0) line.Append(',');
                        line.Append(Cell(columns[c], r));
                    }

                    writer.WriteLine(line);
                    if (total > progressEvery && (r + 1) % progressEvery == 0)
                        progress.WriteLine($"csv: {r + 1:N0} of {total:N0} rows");
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static string Cell(ColumnData column, int row)
    {
        // ValueFormatter writes timestamps as ISO-8601 UTC with every digit of their unit (µs for the archive).
        return column.HasValue(row) ? Quote(ValueFormatter.Format(column, row)) : string.Empty;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
