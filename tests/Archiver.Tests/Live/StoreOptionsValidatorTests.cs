using Archiver.Cli.Hosting;
using Archiver.Cli.Live;
using Archiver.Store;
using Microsoft.Extensions.Configuration;

namespace Archiver.Tests.Live;

public sealed class StoreOptionsValidatorTests
{
    private static StoreOptions Valid() => new()
    {
        Aggregations = [new AggregationRule { On = "*/1Min/OHLCV", Destinations = ["5Min", "1H"] }],
    };

    [Fact]
    public void Defaults_and_a_usual_configuration_are_valid()
    {
        Assert.Null(StoreOptionsValidator.FirstError(new StoreOptions(), new LiveStoreOptions(), probeDirectory: false));
        Assert.Null(StoreOptionsValidator.FirstError(Valid(), new LiveStoreOptions(), probeDirectory: false));
        var remote = Valid();
        remote.Server.Bind = "0.0.0.0";
        remote.Server.AccessToken = "secret";
        Assert.Null(StoreOptionsValidator.FirstError(remote, new LiveStoreOptions(), probeDirectory: false));
        remote.Server.AccessToken = null;
        remote.Server.Insecure = true;
        Assert.Null(StoreOptionsValidator.FirstError(remote, new LiveStoreOptions(), probeDirectory: false));
    }

    [Theory]
    [InlineData("root", "Archiver:Store:Root is empty")]
    [InlineData("commit", "Archiver:Store:CommitWindow must be at least 00:00:00 and at most 00:00:01, was -00:00:00.0010000")]
    [InlineData("pattern", "Archiver:Store:Aggregations:0:On: aggregation pattern '*/1Min' must be SYMBOL/TIMEFRAME/ATTRGROUP with * for any part, e.g. */1Min/OHLCV")]
    [InlineData("destination", "Archiver:Store:Aggregations:0:Destinations:1 '7Parsecs' is not a timeframe (e.g. 5Min, 15Min, 1H, 1D)")]
    [InlineData("no-destination", "Archiver:Store:Aggregations:0:Destinations lists no timeframe (e.g. 5Min, 15Min, 1H, 1D)")]
    [InlineData("port", "Archiver:Store:Server:Port must be between 1 and 65535, was 70000")]
    [InlineData("bind", "Archiver:Store:Server:Bind 'example.org' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)")]
    [InlineData("remote", "Archiver:Store:Server:Bind 10.1.2.3 is not a loopback address: set Archiver:Store:Server:AccessToken (or Archiver:Store:Server:Insecure to true to serve without one)")]
    [InlineData("token", "Archiver:Store:Server:AccessToken is blank; remove it or set a token")]
    [InlineData("body", "Archiver:Store:Server:MaxRequestBytes must be positive, was 0")]
    [InlineData("flush", "Archiver:Store:Live:FlushInterval must be more than 00:00:00 and at most 00:00:10, was 00:00:00")]
    [InlineData("queue", "Archiver:Store:Live:QueueCapacity must be between 1 and 16777216, was 0")]
    [InlineData("quote", "Archiver:Store:Live:QuoteInterval must not be negative, was -00:00:01")]
    [InlineData("lookback-short", "Archiver:Store:Live:ReconcileLookback must be at least 01:00:00 and at most 90.00:00:00, was 00:59:00")]
    [InlineData("lookback-long", "Archiver:Store:Live:ReconcileLookback must be at least 01:00:00 and at most 90.00:00:00, was 91.00:00:00")]
    public void Each_bad_value_is_one_line_naming_the_setting(string what, string expected)
    {
        var options = Valid();
        var live = new LiveStoreOptions();
        switch (what)
        {
            case "root": options.Root = " "; break;
            case "commit": options.CommitWindow = TimeSpan.FromMilliseconds(-1); break;
            case "pattern": options.Aggregations[0].On = "*/1Min"; break;
            case "destination": options.Aggregations[0].Destinations = ["5Min", "7Parsecs"]; break;
            case "no-destination": options.Aggregations[0].Destinations = []; break;
            case "port": options.Server.Port = 70000; break;
            case "bind": options.Server.Bind = "example.org"; break;
            case "remote": options.Server.Bind = "10.1.2.3"; break;
            case "token": options.Server.AccessToken = "  "; break;
            case "body": options.Server.MaxRequestBytes = 0; break;
            case "flush": live.FlushInterval = TimeSpan.Zero; break;
            case "queue": live.QueueCapacity = 0; break;
            case "quote": live.QuoteInterval = TimeSpan.FromSeconds(-1); break;
            case "lookback-short": live.ReconcileLookback = TimeSpan.FromMinutes(59); break;
            case "lookback-long": live.ReconcileLookback = TimeSpan.FromDays(91); break;
            default: throw new ArgumentOutOfRangeException(nameof(what));
        }

        Assert.Equal(expected, StoreOptionsValidator.FirstError(options, live, probeDirectory: false));
    }

    [Fact]
    public void The_shipped_configuration_has_the_store_section_with_the_server_off_on_loopback()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();

        var (store, live) = ArchiverHost.BindStoreOptions(configuration);

        Assert.Null(StoreOptionsValidator.FirstError(store, live, probeDirectory: false));
        Assert.Equal("store", store.Root);
        Assert.Equal(TimeSpan.FromMilliseconds(2), store.CommitWindow);
        var rule = Assert.Single(store.Aggregations);
        Assert.Equal("*/1Min/OHLCV", rule.On);
        Assert.Equal(["5Min", "15Min", "1H", "1D"], rule.Destinations);
        Assert.False(store.Server.Enabled);
        Assert.Equal("127.0.0.1", store.Server.Bind);
        Assert.Equal(5993, store.Server.Port);
        Assert.Null(store.Server.AccessToken);
        Assert.False(store.Server.Insecure);
        Assert.Equal(256L * 1024 * 1024, store.Server.MaxRequestBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(250), live.FlushInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(100), live.QuoteInterval);
        Assert.True(live.Reconcile);
        Assert.Equal(TimeSpan.FromHours(24), live.ReconcileLookback);
    }
}
