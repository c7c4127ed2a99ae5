using Archiver.Store.Archive;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Backup.Tests;

/// <summary>A temporary archive root with real archive files written by ParquetFileWriter under ArchivePaths.</summary>
public sealed class TestArchive : IDisposable
{
    public TestArchive() => Root = Directory.CreateTempSubdirectory("backup-archive-").FullName;

    public string Root { get; }

    public static ArchiveFileKey Trades(string ticker = "BTCUSDT") => new("binance", ticker, ArchiveKind.Trades);

    public static ArchiveFileKey Book(string ticker = "BTCUSDT", int depth = 2) => new("binance", ticker, ArchiveKind.L2Book, depth);

    /// <summary>Writes a trades file of <paramref name="rows"/> rows for <paramref name="hour"/>; <paramref name="seed"/> varies the content.</summary>
    public string WriteTrades(ArchiveFileKey key, string hour, int rows = 50, int seed = 1)
    {
        var h = ArchiveHour.Parse(hour);
        var path = ArchivePaths.PathFor(Root, key, h);
        if (File.Exists(path)) File.Delete(path); // rewriting an hour replaces it
        var schema = ArchiveSchemas.Trades;
        var rnd = new Random(seed);
        var ts = Enumerable.Range(0, rows).Select(i => h.StartMicros + (i * 1000L) + rnd.Next(900)).ToArray();
        using var writer = ParquetFileWriter.Create(path, schema, ArchiveSchemas.WriterOptions);
        writer.Write(
            new ColumnData<long>(schema[0], ts),
            new ColumnData<long>(schema[1], ts.Select(t => t - 1500).ToArray()),
            new ColumnData<double>(schema[2], ts.Select(_ => 60000 + rnd.NextDouble()).ToArray()),
            new ColumnData<double>(schema[3], ts.Select(_ => rnd.NextDouble()).ToArray()),
            new BinaryColumnData(schema[4], BinaryColumnValues.FromStrings(ts.Select(t => t % 2 == 0 ? "buy" : "sell").ToArray())),
            new BinaryColumnData(schema[5], BinaryColumnValues.FromStrings(ts.Select(t => "t" + t).ToArray())),
            new ColumnData<int>(schema[6], ts.Select(_ => 0).ToArray()));
        writer.Complete();
        return path;
    }

    /// <summary>Writes an l2book file with <paramref name="rows"/> snapshots for <paramref name="hour"/>.</summary>
    public string WriteBook(ArchiveFileKey key, string hour, int rows = 50, int seed = 1)
    {
        var h = ArchiveHour.Parse(hour);
        var path = ArchivePaths.PathFor(Root, key, h);
        var schema = ArchiveSchemas.For(key);
        var rnd = new Random(seed);
        var ts = Enumerable.Range(0, rows).Select(i => h.StartMicros + (i * 1000L)).ToArray();
        var columns = new List<ColumnData>
        {
            new ColumnData<long>(schema[0], ts),
            new ColumnData<long>(schema[1], ts.Select(t => t - 900).ToArray()),
            new ColumnData<long>(schema[2], ts.Select(t => t - 950).ToArray()),
            new ColumnData<long>(schema[3], ts.Select(t => t / 10).ToArray()),
            new ColumnData<long>(schema[4], ts.Select(t => (t / 10) - 1).ToArray()),
            new ColumnData<long>(schema[5], ts.Select((_, i) => (long)i).ToArray()),
            new ColumnData<int>(schema[6], ts.Select(_ => 0).ToArray()),
        };
        while (columns.Count < schema.Fields.Count)
            columns.Add(new ColumnData<double>(schema[columns.Count], ts.Select(_ => rnd.NextDouble()).ToArray()));
        using var writer = ParquetFileWriter.Create(path, schema, ArchiveSchemas.WriterOptions);
        writer.Write(columns);
        writer.Complete();
        return path;
    }

    /// <summary>Every file under the root with its bytes, keyed by relative path ('/').</summary>
    public Dictionary<string, byte[]> Snapshot(bool includeHidden = false) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => includeHidden || !Path.GetFileName(f).StartsWith('.'))
            .ToDictionary(f => Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
