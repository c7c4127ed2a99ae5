using Archiver.Store.Archive;

namespace Archiver.Store.Tests.Archive;

public sealed class ArchivePathsTests
{
    private static readonly ArchiveFileKey Trades = new("Binance", "BTCUSDT", ArchiveKind.Trades);
    private static readonly ArchiveFileKey Book = new("binance", "BTCUSDT", ArchiveKind.L2Book, 20);

    [Fact]
    public void Relative_paths_follow_quantpylibs_layout()
    {
        var hour = ArchiveHour.Parse("2025-01-05:22");
        Assert.Equal("binance/perp/trades/2025/01/BTCUSDT_0522.parquet", ArchivePaths.RelativePath(Trades, hour));
        Assert.Equal("binance/perp/l2book/2025/01/BTCUSDT_depth20_0522.parquet", ArchivePaths.RelativePath(Book, hour));
        Assert.Equal(Path.GetFullPath("/data/archives/binance/perp/trades/2025/01/BTCUSDT_0522.parquet"), ArchivePaths.PathFor("/data/archives", Trades, hour));
    }

    public static TheoryData<string> Boundaries => new()
    {
        "2024-02-28:23", "2024-02-29:00", "2024-02-29:23", "2024-03-01:00", // leap day
        "2023-02-28:23", "2023-03-01:00",
        "2024-12-31:23", "2025-01-01:00", // year
        "2025-01-31:23", "2025-02-01:00", "2025-04-30:23", "2025-05-01:00", // month
        "1970-01-01:00", "1969-12-31:23", "2100-02-28:23", "9999-12-31:23",
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Every_kind_round_trips_at_day_month_and_year_boundaries(string text)
    {
        var hour = ArchiveHour.Parse(text);
        foreach (var key in new[] { Trades, Book, new ArchiveFileKey("hyperliquid", "kPEPE", ArchiveKind.L2Book, 5), new ArchiveFileKey("paradex", "BTC-USD-PERP", ArchiveKind.Trades) })
        {
            var relative = ArchivePaths.RelativePath(key, hour);
            Assert.True(ArchivePaths.TryParse(relative, out var parsedKey, out var parsedHour), relative);
            Assert.Equal(key, parsedKey);
            Assert.Equal(hour, parsedHour);
            Assert.True(ArchivePaths.TryParse(relative.Replace('/', '\\'), out parsedKey, out parsedHour));
            Assert.Equal(key, parsedKey);
            Assert.Equal(hour, parsedHour);
        }
    }

    [Fact]
    public void Every_hour_of_a_leap_year_round_trips_and_maps_to_its_own_path()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hour in ArchiveHour.Range(ArchiveHour.Parse("2024-01-01:00"), ArchiveHour.Parse("2024-12-31:23")))
        {
            var relative = ArchivePaths.RelativePath(Book, hour);
            Assert.True(seen.Add(relative), relative);
            Assert.True(ArchivePaths.TryParse(relative, out var key, out var parsed), relative);
            Assert.Equal(Book, key);
            Assert.Equal(hour, parsed);
        }

        Assert.Equal(366 * 24, seen.Count);
    }

    [Theory]
    [InlineData("BTC_USDT")]
    [InlineData("X_depth5")]
    [InlineData("1000PEPE")]
    [InlineData("@107")]
    [InlineData("BTC.P")]
    [InlineData("a_1234")]
    public void Tickers_with_underscores_depth_lookalikes_and_digits_round_trip(string ticker)
    {
        var hour = ArchiveHour.Parse("2025-01-06:09");
        foreach (var key in new[] { new ArchiveFileKey("bybit", ticker, ArchiveKind.Trades), new ArchiveFileKey("bybit", ticker, ArchiveKind.L2Book, 20) })
        {
            var relative = ArchivePaths.RelativePath(key, hour);
            Assert.True(ArchivePaths.TryParse(relative, out var parsed, out var parsedHour), relative);
            Assert.Equal(key, parsed);
            Assert.Equal(hour, parsedHour);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/binance/perp/trades/2025/01/BTCUSDT_0522.parquet")] // absolute
    [InlineData("/tmp/archives/binance/perp/trades/2025/01/BTCUSDT_0522.parquet")]
    [InlineData("C:\\archives\\binance\\perp\\trades\\2025\\01\\BTCUSDT_0522.parquet")]
    [InlineData("../binance/perp/trades/2025/01/BTCUSDT_0522.parquet")] // climbing out
    [InlineData("binance/perp/trades/2025/01/../01/BTCUSDT_0522.parquet")]
    [InlineData("binance/perp/trades/2025/01/.._0522.parquet")]
    [InlineData("binance/perp/trades/../../etc/passwd")]
    [InlineData("binance/perp/trades/2025/01/BTCUSDT_0522.parquet.tmp")]
    [InlineData("binance/perp/trades/2025/01/.BTCUSDT_0522.parquet.123-abc.tmp")]
    [InlineData("binance/perp/trades/2025/01/BTCUSDT_522.parquet")] // short day-hour
    [InlineData("binance/perp/trades/2025/1/BTCUSDT_0522.parquet")] // short month
    [InlineData("binance/perp/trades/2025/13/BTCUSDT_0522.parquet")] // month 13
    [InlineData("binance/perp/trades/2025/02/BTCUSDT_2900.parquet")] // 29 Feb 2025
    [InlineData("binance/perp/trades/2025/01/BTCUSDT_0024.parquet")] // day 0, hour 24
    [InlineData("binance/perp/trades/2025/01/BTCUSDT_3224.parquet")]
    [InlineData("binance/perp/l2book/2025/01/BTCUSDT_0522.parquet")] // l2book without depth
    [InlineData("binance/perp/l2book/2025/01/BTCUSDT_depth0_0522.parquet")]
    [InlineData("binance/perp/l2book/2025/01/BTCUSDT_depth020_0522.parquet")] // not the canonical spelling
    [InlineData("binance/perp/orders/2025/01/BTCUSDT_0522.parquet")] // unknown kind
    [InlineData("binance/spot/trades/2025/01/BTCUSDT_0522.parquet")]
    [InlineData("Binance/perp/trades/2025/01/BTCUSDT_0522.parquet")] // exchange folders are lowercase
    [InlineData("binance/perp/trades/2025/01/BTC USDT_0522.parquet")]
    [InlineData("binance/perp/trades/2025/01/BTCUSDT_0522.PARQUET")]
    [InlineData("binance/perp/trades/2025/01/sub/BTCUSDT_0522.parquet")]
    [InlineData("binance/perp/trades/2025/01/_0522.parquet")] // no ticker
    public void Paths_that_are_not_archive_files_are_refused(string path)
    {
        Assert.False(ArchivePaths.TryParse(path, out var key, out var hour));
        Assert.Null(key);
        Assert.Equal(default, hour);
    }

    [Theory]
    [InlineData("bin/ance", "BTC")]
    [InlineData("bin.ance", "BTC")]
    [InlineData("binance", "BTC/USDT")]
    [InlineData("binance", "..")]
    [InlineData("binance", "a..b")]
    [InlineData("binance", ".hidden")]
    [InlineData("binance", "BTC USDT")]
    [InlineData("binance", "BTC\\USDT")]
    [InlineData("woo x", "BTC")]
    public void Keys_that_cannot_be_a_path_are_refused(string exchange, string ticker) =>
        Assert.Throws<ArgumentException>(() => new ArchiveFileKey(exchange, ticker, ArchiveKind.Trades));

    [Fact]
    public void An_l2book_key_needs_a_depth_a_file_name_can_carry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.L2Book));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.L2Book, ArchiveFileKey.MaxDepth + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArchiveFileKey("binance", "BTCUSDT", (ArchiveKind)7));
        Assert.Equal(0, new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.Trades, 20).Depth);
        var deepest = new ArchiveFileKey("binance", "BTCUSDT", ArchiveKind.L2Book, ArchiveFileKey.MaxDepth);
        Assert.True(ArchivePaths.TryParse(ArchivePaths.RelativePath(deepest, ArchiveHour.Parse("2025-01-01:00")), out var parsed, out _));
        Assert.Equal(deepest, parsed);
    }
}
