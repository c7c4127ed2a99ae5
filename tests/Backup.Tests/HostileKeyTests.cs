namespace Archiver.Backup.Tests;

public class HostileKeyTests
{
    [Theory]
    [InlineData("../etc/perp/trades/2025/01/BTC_0101.parquet")]
    [InlineData("binance/perp/trades/2025/01/../../../../../x/perp/trades/2025/01/BTC_0101.parquet")]
    [InlineData("/etc/passwd")]
    [InlineData("/binance/perp/trades/2025/01/BTC_0101.parquet")]
    [InlineData("binance\\perp\\trades\\2025\\01\\BTC_0101.parquet")]
    [InlineData("binance/perp/trades/2025/01/..BTC_0101.parquet")]
    [InlineData("binance/perp/trades/2025/01/.BTC_0101.parquet.1-2.tmp")]
    [InlineData("binance/journal/000001.journal")]
    [InlineData("")]
    public void Keys_that_are_not_archive_paths_under_the_root_are_refused(string relative)
    {
        var root = Path.Combine(Path.GetTempPath(), "restore-root");
        Assert.False(ArchiveRestore.TryResolve(root, relative, out _));
    }

    [Fact]
    public void An_archive_path_resolves_under_the_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "restore-root");
        Assert.True(ArchiveRestore.TryResolve(root, "binance/perp/trades/2025/01/BTCUSDT_0105.parquet", out var full));
        Assert.Equal(Path.Combine(Path.GetFullPath(root), "binance", "perp", "trades", "2025", "01", "BTCUSDT_0105.parquet"), full);
    }

    [Fact]
    public void Bucket_options_never_show_the_secret()
    {
        var o = new BucketOptions { Bucket = "b", Endpoint = "http://127.0.0.1:1", AccessKey = "AKIDSECRETID", SecretKey = "verysecret" };
        Assert.DoesNotContain("verysecret", o.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIDSECRETID", o.ToString(), StringComparison.Ordinal);
        Assert.Equal("p/q/x", (o with { Prefix = "/p/q/" }).ObjectKey("x"));
        Assert.Equal("x", o.ObjectKey("x"));
    }
}
