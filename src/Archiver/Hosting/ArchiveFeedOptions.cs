using Archiver.Cli.Archiving;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Model;

namespace Archiver.Cli.Hosting;

/// <summary>Turns one configured exchange (<see cref="ExchangeArchiveOptions"/>) into the feed's <see cref="FeedOptions"/>.</summary>
public static class ArchiveFeedOptions
{
    /// <summary>The kind name of book snapshots in the configuration.</summary>
    public const string L2Book = "l2book";

    /// <summary>The kind name of trades in the configuration.</summary>
    public const string Trades = "trades";

    /// <summary>The supported kinds, for messages.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [L2Book, Trades];

    /// <summary>The supported exchange names, for messages.</summary>
    public static IReadOnlyList<string> ExchangeNames { get; } =
        [.. Enum.GetValues<ExchangeId>().Select(e => e.ToString().ToLowerInvariant())];

    /// <summary>Parses an exchange name (letters only, any case: "binance", "Bybit").</summary>
    public static bool TryParseExchange(string? name, out ExchangeId exchange)
    {
        exchange = default;
        return !string.IsNullOrEmpty(name) && name.All(char.IsAsciiLetter) && ExchangeProtocols.TryParse(name, out exchange);
    }

    /// <summary>Whether <paramref name="kind"/> is one of <see cref="Kinds"/> (any case).</summary>
    public static bool IsKind(string? kind) =>
        string.Equals(kind, L2Book, StringComparison.OrdinalIgnoreCase) || string.Equals(kind, Trades, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The feed options of <paramref name="exchange"/>: its symbols, books and/or trades from its kinds, its depth, its
    /// capture folder, and <paramref name="endpointOverride"/> or else its configured endpoint (null: the real one).
    /// </summary>
    /// <exception cref="UriFormatException">The configured endpoint is not a URI.</exception>
    public static FeedOptions Create(ExchangeArchiveOptions exchange, ExchangeId id, Uri? endpointOverride)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var kinds = exchange.Kinds ?? [];
        return new FeedOptions
        {
            Exchange = id,
            Endpoint = endpointOverride ?? (string.IsNullOrWhiteSpace(exchange.Endpoint) ? null : new Uri(exchange.Endpoint, UriKind.RelativeOrAbsolute)),
            Symbols = [.. exchange.Symbols ?? []],
            Depth = exchange.Depth,
            Books = kinds.Any(k => string.Equals(k, L2Book, StringComparison.OrdinalIgnoreCase)),
            Trades = kinds.Any(k => string.Equals(k, Trades, StringComparison.OrdinalIgnoreCase)),
            CaptureDirectory = string.IsNullOrWhiteSpace(exchange.CaptureDirectory) ? null : exchange.CaptureDirectory,
        };
    }
}
