using Archiver.Cli.Hosting;
using Microsoft.Extensions.Configuration;

namespace Archiver.Tests.Hosting;

/// <summary>The appsettings.json shipped next to the executable (copied from the repository root) is valid as shipped.</summary>
public sealed class ShippedConfigurationTests
{
    [Fact]
    public void The_shipped_configuration_binds_and_validates_with_the_documented_defaults()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();

        var options = ArchiverHost.BindOptions(configuration);

        Assert.Null(ArchiveOptionsValidator.FirstError(options, probeDirectories: false));
        Assert.Equal("archives", options.ArchiveRoot);
        Assert.Equal("journal", options.JournalDirectory);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CloseGrace);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.CommitInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), options.StatisticsInterval);
        Assert.Equal(["binance", "bybit", "hyperliquid"], options.Exchanges.Select(e => e.Name));
        Assert.Equal(["BTC", "ETH"], options.Exchanges[2].Symbols);
        Assert.All(options.Exchanges, e => Assert.Equal(["l2book", "trades"], e.Kinds));
        Assert.All(options.Exchanges, e => Assert.Equal(20, e.Depth));
        Assert.False(options.Schedules.Backup.Enabled);
        Assert.Equal("logs/archiver-.log", configuration["Serilog:WriteTo:1:Args:path"]);
        Assert.Equal("Day", configuration["Serilog:WriteTo:1:Args:rollingInterval"]);
        Assert.Equal("14", configuration["Serilog:WriteTo:1:Args:retainedFileCountLimit"]);
    }
}
