using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Store.Benchmarks;

/// <summary>
/// Synthetic trades in the archive schema (<see cref="ArchiveSchemas.Trades"/>): bursty receive times, exchange
/// times 0.5–30 ms earlier (so slightly out of order, and some in the previous hour), a price walk on a 0.1 tick,
/// sizes, sides and numeric trade ids; written as hourly archive files with the archive writer settings.
/// </summary>
internal static class ArchiveTradesGenerator
{
    public static readonly ArchiveFileKey Key = new("binance", "BTCUSDT", ArchiveKind.Trades);

    /// <summary>Writes <paramref name="rowsPerFile"/> trades into each of <paramref name="files"/> consecutive hours from 2025-01-01:00; returns the paths.</summary>
    public static IReadOnlyList<string> WriteHours(string root, int files, int rowsPerFile, int seed = 42)
    {
        var random = new Random(seed);
        var paths = new List<string>();
        var ticks = 970_000L;
        for (var f = 0; f < files; f++)
        {
            var hour = new ArchiveHour(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(f));
            paths.Add(Write(ArchivePaths.PathFor(root, Key, hour), hour, rowsPerFile, random, ref ticks));
        }

        return paths;
    }

    /// <summary>Writes one file of <paramref name="rows"/> trades spread over <paramref name="hour"/>.</summary>
    public static string Write(string path, ArchiveHour hour, int rows, Random random, ref long ticks)
    {
        var ts = new long[rows];
        var exch = new long[rows];
        var price = new double[rows];
        var size = new double[rows];
        var flags = new int[rows];
        var sides = new BinaryValueBuilder(rows, rows * 4);
        var ids = new BinaryValueBuilder(rows, rows * 11);
        var step = ArchiveHour.MicrosPerHour / rows;
        Span<byte> id = stackalloc byte[20];
        for (var i = 0; i < rows; i++)
        {
            ts[i] = hour.StartMicros + (i * step) + random.Next((int)Math.Max(1, step));
            if (i > 0 && ts[i] < ts[i - 1]) ts[i] = ts[i - 1];
            exch[i] = ts[i] - random.Next(500, 30_000);
            if (random.Next(100) < 30) ticks += random.Next(-3, 4);
            price[i] = ticks / 10.0;
            size[i] = Math.Round(0.001 * (1 + random.Next(400)), 3);
            sides.Add(random.Next(2) == 0 ? "buy"u8 : "sell"u8);
            (5_800_000_000L + i).TryFormat(id, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            ids.Add(id[..n]);
        }

        var s = ArchiveSchemas.Trades;
        using var writer = ParquetFileWriter.Create(path, s, ArchiveSchemas.WriterOptions with { OverwriteExisting = true });
        writer.Write(
            new ColumnData<long>(s[0], ts), new ColumnData<long>(s[1], exch), new ColumnData<double>(s[2], price), new ColumnData<double>(s[3], size),
            new BinaryColumnData(s[4], sides.ToValues()), new BinaryColumnData(s[5], ids.ToValues()), new ColumnData<int>(s[6], flags));
        writer.Complete();
        return path;
    }
}
