using System.Text.Json.Nodes;

namespace Archiver.Tests.Hosting;

/// <summary>
/// A valid run configuration in a temporary folder (archive and journal inside it, three exchanges, a fast statistics
/// line, Serilog without sinks) that a test changes through <see cref="Root"/> before <see cref="Write"/>.
/// </summary>
internal sealed class TestConfiguration : IDisposable
{
    public TestConfiguration()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("archiver-host-").FullName;
        Root = new JsonObject
        {
            ["Archiver"] = new JsonObject
            {
                ["ArchiveRoot"] = Path.Combine(Directory, "archives"),
                ["JournalDirectory"] = Path.Combine(Directory, "journal"),
                ["CloseGrace"] = "00:00:10",
                ["CommitInterval"] = "00:00:00.200",
                ["StatisticsInterval"] = "00:00:00.250",
                ["Exchanges"] = new JsonArray(
                    Exchange("binance", "BTCUSDT", "ETHUSDT"),
                    Exchange("bybit", "BTCUSDT", "ETHUSDT"),
                    Exchange("hyperliquid", "BTC", "ETH")),
                ["Schedules"] = new JsonObject { ["Backup"] = new JsonObject { ["Enabled"] = false, ["Cron"] = "0 30 * * * ?" } },
            },
            ["Serilog"] = new JsonObject { ["MinimumLevel"] = "Warning" },
        };
    }

    public string Directory { get; }

    public JsonObject Root { get; }

    public JsonObject Archiver => Root["Archiver"]!.AsObject();

    public JsonObject Exchange(int index) => Archiver["Exchanges"]!.AsArray()[index]!.AsObject();

    /// <summary>Points every exchange at a closed local port, so a test without the simulator never reaches the internet.</summary>
    public void UseUnreachableEndpoints()
    {
        foreach (var exchange in Archiver["Exchanges"]!.AsArray()) exchange!["Endpoint"] = "ws://127.0.0.1:9/";
    }

    public string Write()
    {
        var path = Path.Combine(Directory, "appsettings.json");
        File.WriteAllText(path, Root.ToJsonString());
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static JsonObject Exchange(string name, params string[] symbols) => new()
    {
        ["Name"] = name,
        ["Symbols"] = new JsonArray([.. symbols.Select(s => (JsonNode)JsonValue.Create(s))]),
        ["Kinds"] = new JsonArray("l2book", "trades"),
        ["Depth"] = 20,
    };
}
