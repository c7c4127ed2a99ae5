using System.Globalization;
using System.Text.RegularExpressions;

namespace Archiver.Store.Archive;

/// <summary>
/// The archive layout (quantpylib's): <c>&lt;root&gt;/&lt;exchange&gt;/perp/&lt;l2book|trades&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;TICKER&gt;[_depth&lt;N&gt;]_&lt;DDHH&gt;.parquet</c>,
/// UTC. The one function that maps a series and an hour to a path, used by the writer, the loaders, backup and restore;
/// <see cref="TryParse"/> is its inverse.
/// </summary>
public static partial class ArchivePaths
{
    /// <summary>The folder name of <paramref name="kind"/>.</summary>
    public static string KindFolder(ArchiveKind kind) => kind == ArchiveKind.L2Book ? "l2book" : "trades";

    /// <summary>The path relative to the archive root, with '/' separators.</summary>
    public static string RelativePath(ArchiveFileKey key, ArchiveHour hour)
    {
        ArgumentNullException.ThrowIfNull(key);
        var t = hour.Start;
        var name = key.Kind == ArchiveKind.L2Book
            ? $"{key.Ticker}_depth{key.Depth}_{t:ddHH}.parquet"
            : $"{key.Ticker}_{t:ddHH}.parquet";
        return string.Create(CultureInfo.InvariantCulture, $"{key.Exchange}/perp/{KindFolder(key.Kind)}/{t:yyyy}/{t:MM}/{name}");
    }

    /// <summary>The full path of a series' file for <paramref name="hour"/> under <paramref name="root"/>.</summary>
    public static string PathFor(string root, ArchiveFileKey key, ArchiveHour hour)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return Path.GetFullPath(Path.Combine(root, RelativePath(key, hour)));
    }

    /// <summary>
    /// The hidden marker backup retention leaves beside an archive file it deleted locally (<c>.NAME.retired</c>): the
    /// bucket holds the hour, so the hour closer must not create a new file with only late rows under that name (a
    /// backup would then overwrite the complete copy). Restoring the file removes the marker.
    /// </summary>
    public static string RetiredMarkerFor(string archiveFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(archiveFilePath);
        return Path.Combine(Path.GetDirectoryName(archiveFilePath) ?? ".", "." + Path.GetFileName(archiveFilePath) + ".retired");
    }

    /// <summary>
    /// Reads a series and an hour back from a path (relative to the root, either separator); false for anything that is
    /// not an archive file, including paths that would climb out of the root.
    /// </summary>
    public static bool TryParse(string relativePath, out ArchiveFileKey? key, out ArchiveHour hour)
    {
        key = null;
        hour = default;
        if (string.IsNullOrEmpty(relativePath)) return false;
        var normalized = relativePath.Replace('\\', '/');
        var m = PathPattern().Match(normalized);
        if (!m.Success) return false;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || h > 23 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        var kind = m.Groups["kind"].Value == "l2book" ? ArchiveKind.L2Book : ArchiveKind.Trades;
        var depth = m.Groups["depth"].Success ? int.Parse(m.Groups["depth"].Value, CultureInfo.InvariantCulture) : 0;
        if ((kind == ArchiveKind.L2Book) != (depth > 0)) return false;
        var ticker = m.Groups["ticker"].Value;
        if (!ArchiveFileKey.IsValidTicker(ticker)) return false;
        var parsedKey = new ArchiveFileKey(m.Groups["ex"].Value, ticker, kind, depth);
        var parsedHour = new ArchiveHour(new DateTime(year, month, day, h, 0, 0, DateTimeKind.Utc));

        // Only the spelling RelativePath produces (no "depth020"), so a parsed path always maps back to itself.
        if (!string.Equals(RelativePath(parsedKey, parsedHour), normalized, StringComparison.Ordinal)) return false;
        key = parsedKey;
        hour = parsedHour;
        return true;
    }

    // trades names have no depth part, so a ticker may itself contain "_depth"; the greedy ticker leaves the last
    // "_depth<N>" and "_DDHH" to the suffix.
    [GeneratedRegex(@"^(?<ex>[a-z0-9_\-]+)/perp/(?:(?<kind>l2book)/(?<y>\d{4})/(?<m>\d{2})/(?<ticker>[A-Za-z0-9_\-:@#.]+)_depth(?<depth>\d{1,4})|(?<kind>trades)/(?<y>\d{4})/(?<m>\d{2})/(?<ticker>[A-Za-z0-9_\-:@#.]+))_(?<d>\d{2})(?<h>\d{2})\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();
}
