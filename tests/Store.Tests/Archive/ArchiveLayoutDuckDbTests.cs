using System.Globalization;
using Archiver.Store.Archive;
using Archiver.Store.Tests.Interop;
using static Archiver.Store.Tests.Archive.ArchiveTestFiles;

namespace Archiver.Store.Tests.Archive;

/// <summary>
/// DuckDB reads the archive layout with a glob, as a notebook would, and sees the same rows the loader returns.
/// </summary>
public sealed class ArchiveLayoutDuckDbTests : IDisposable
{
    private static readonly ArchiveFileKey Key = new("binance", "BTCUSDT", ArchiveKind.Trades);

    private readonly string _root = Directory.CreateTempSubdirectory("archive-duckdb-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_duckdb_glob_over_the_layout_agrees_with_the_loader_on_rows_and_first_and_last_ts()
    {
        // Across a month boundary, so the glob has to cover two month folders; 2025-01-31:23 holds unsorted rows.
        var random = new Random(7);
        foreach (var hour in new[] { "2025-01-31:22", "2025-01-31:23", "2025-02-01:00", "2025-02-01:02" })
        {
            var rows = Enumerable.Range(0, 40)
                .Select(i => new Trade(At(hour, random.NextInt64(ArchiveHour.MicrosPerHour)), 100 + i, 0.5, "buy", $"{hour}/{i}", 0))
                .ToArray();
            WriteTrades(_root, Key, hour, hour.EndsWith(":23", StringComparison.Ordinal) ? rows : rows.OrderBy(r => r.Ts).ToArray(), rowsPerGroup: 16);
        }

        // Another series in the same folders must not leak into the glob.
        WriteTrades(_root, new ArchiveFileKey("binance", "ETHUSDT", ArchiveKind.Trades), "2025-02-01:00", [new Trade(At("2025-02-01:00", 1), 1, 1, "sell", "eth", 0)]);

        var start = ArchiveHour.Parse("2025-01-31:23");
        var end = ArchiveHour.Parse("2025-02-01:02");
        var table = ArchiveLoader.Load(_root, Key, start, end);
        var ts = table.Get<long>("ts").Span;

        var glob = Path.Combine(_root, "binance/perp/trades/*/*/BTCUSDT_*.parquet").Replace("'", "''", StringComparison.Ordinal);
        var duck = NodeTools.QueryWithDuckDb(string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM read_parquet('{glob}') WHERE epoch_us(ts) >= {start.StartMicros} AND epoch_us(ts) < {end.EndMicros}"));

        Assert.Equal(120, table.RowCount);
        Assert.Equal(table.RowCount.ToString(CultureInfo.InvariantCulture), duck.Text(0, duck.ColumnIndex("n")));
        Assert.Equal(ts[0].ToString(CultureInfo.InvariantCulture), duck.Text(0, duck.ColumnIndex("first_ts")));
        Assert.Equal(ts[^1].ToString(CultureInfo.InvariantCulture), duck.Text(0, duck.ColumnIndex("last_ts")));

        // Row for row: DuckDB ordered by ts (ties broken by trade id; there are none) matches the loader's order.
        var ordered = NodeTools.QueryWithDuckDb(string.Create(CultureInfo.InvariantCulture,
            $"SELECT trade_id FROM read_parquet('{glob}') WHERE epoch_us(ts) >= {start.StartMicros} AND epoch_us(ts) < {end.EndMicros} ORDER BY ts, trade_id"));
        var ids = table.GetBinary("trade_id");
        Assert.Equal(Enumerable.Range(0, (int)table.RowCount).Select(ids.GetString), ordered.ColumnText("trade_id"));
    }
}
