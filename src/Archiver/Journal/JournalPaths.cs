using System.Globalization;
using System.Text.RegularExpressions;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;

namespace Archiver.Cli.Journal;

/// <summary>
/// The journal layout, <c>&lt;root&gt;/&lt;exchange&gt;/&lt;l2book|trades&gt;/&lt;symbol&gt;[_depth&lt;N&gt;]/&lt;yyyyMMddHH&gt;_&lt;segment id&gt;.jnl</c>
/// (UTC hour, id as 32 hex digits), and its inverse.
/// </summary>
internal static partial class JournalPaths
{
    public static string KindFolder(StreamKind kind) => kind == StreamKind.Book ? "l2book" : "trades";

    public static string ExchangeFolder(ExchangeId exchange) => exchange.ToString().ToLowerInvariant();

    /// <summary>The folder of a stream's segments under <paramref name="root"/>.</summary>
    public static string StreamFolder(string root, ExchangeId exchange, string symbol, StreamKind kind, int depth) =>
        Path.Combine(root, ExchangeFolder(exchange), KindFolder(kind),
            kind == StreamKind.Book ? string.Create(CultureInfo.InvariantCulture, $"{symbol}_depth{depth}") : symbol);

    /// <summary>The file name of a segment.</summary>
    public static string FileName(long hourStartMicros, Guid segmentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{ArchiveHour.FromMicros(hourStartMicros).Start:yyyyMMddHH}_{segmentId:N}{JournalFormat.Extension}");

    /// <summary>Reads a segment's identity back from its path relative to the root; false for anything else.</summary>
    public static bool TryParse(string relativePath, out ExchangeId exchange, out string symbol, out StreamKind kind, out int depth,
        out long hourStartMicros, out Guid segmentId)
    {
        exchange = default;
        symbol = string.Empty;
        kind = default;
        depth = 0;
        hourStartMicros = 0;
        segmentId = default;
        var m = Pattern().Match(relativePath.Replace('\\', '/'));
        if (!m.Success || !Enum.TryParse(m.Groups["ex"].Value, ignoreCase: true, out exchange) || !Enum.IsDefined(exchange)
            || ExchangeFolder(exchange) != m.Groups["ex"].Value) return false;
        kind = m.Groups["kind"].Value == "l2book" ? StreamKind.Book : StreamKind.Trades;
        symbol = m.Groups["stream"].Value;
        if (kind == StreamKind.Book)
        {
            var d = DepthSuffix().Match(symbol);
            if (!d.Success) return false;
            depth = int.Parse(d.Groups["depth"].Value, CultureInfo.InvariantCulture);
            symbol = symbol[..d.Index];
            if (depth is < 1 or > JournalFormat.MaxDepth) return false;
        }

        if (JournalFormat.SymbolProblem(symbol) is not null) return false;
        if (!DateTime.TryParseExact(m.Groups["hour"].Value, "yyyyMMddHH", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var hour)) return false;
        hourStartMicros = new ArchiveHour(DateTime.SpecifyKind(hour, DateTimeKind.Utc)).StartMicros;
        return Guid.TryParseExact(m.Groups["id"].Value, "N", out segmentId);
    }

    [GeneratedRegex(@"^(?<ex>[a-z0-9]+)/(?<kind>l2book|trades)/(?<stream>[^/]+)/(?<hour>\d{10})_(?<id>[0-9a-f]{32})\.jnl$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"_depth(?<depth>\d{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DepthSuffix();
}
