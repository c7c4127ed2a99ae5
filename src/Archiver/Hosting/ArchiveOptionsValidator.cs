using System.Text.RegularExpressions;
using Archiver.Cli.Archiving;
using Archiver.Feeds.Connections;
using Archiver.Feeds.Model;
using Microsoft.Extensions.Options;
using Quartz;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Checks <see cref="ArchiveOptions"/> before anything starts. Each problem is one line naming the setting by its
/// configuration path (<c>Archiver:Exchanges:1:Name 'kraken' is not a supported exchange (binance, bybit,
/// hyperliquid)</c>); the first problem found is reported. Exchange settings are checked with the exchange's own
/// protocol rules (<see cref="FeedOptions.Validate(IExchangeProtocol)"/> and the protocol's subscription depths), and
/// the archive and journal folders are created and probed with a file written and deleted.
/// </summary>
public sealed partial class ArchiveOptionsValidator : IValidateOptions<ArchiveOptions>
{
    private const string Section = ArchiveOptions.SectionName;

    private static readonly TimeSpan MaxCloseGrace = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxCommitInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, ArchiveOptions options) =>
        FirstError(options, probeDirectories: true) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;

    /// <summary>The first problem of <paramref name="options"/>, or null when they are usable.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="probeDirectories">Create the archive and journal folders and check that files can be written there.</param>
    public static string? FirstError(ArchiveOptions options, bool probeDirectories)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CloseGrace < TimeSpan.Zero || options.CloseGrace >= MaxCloseGrace)
            return $"{Section}:CloseGrace must be at least 00:00:00 and less than 01:00:00, was {options.CloseGrace}";
        if (options.CommitInterval <= TimeSpan.Zero || options.CommitInterval > MaxCommitInterval)
            return $"{Section}:CommitInterval must be more than 00:00:00 and at most 00:00:01, was {options.CommitInterval}";
        if (options.StatisticsInterval <= TimeSpan.Zero)
            return $"{Section}:StatisticsInterval must be positive, was {options.StatisticsInterval}";
        if (options.Exchanges is null || options.Exchanges.Count == 0)
            return $"{Section}:Exchanges lists no exchange (binance, bybit, hyperliquid)";

        var seen = new Dictionary<ExchangeId, int>();
        for (var i = 0; i < options.Exchanges.Count; i++)
        {
            if (ExchangeError(i, options.Exchanges[i], seen) is { } error) return error;
        }

        var backup = options.Schedules?.Backup ?? new BackupScheduleOptions();
        if (!CronExpression.TryParse(backup.Cron, out _))
            return $"{Section}:Schedules:Backup:Cron '{backup.Cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 30 * * * ?')";
        if (backup.Enabled && string.IsNullOrWhiteSpace(options.Backup?.Bucket))
            return $"{Section}:Schedules:Backup:Enabled is true but {Section}:Backup:Bucket names no bucket";
        if (backup.Enabled && !string.IsNullOrEmpty(options.Backup?.Endpoint) && !Uri.TryCreate(options.Backup.Endpoint, UriKind.Absolute, out _))
            return $"{Section}:Backup:Endpoint '{options.Backup.Endpoint}' is not a URL";
        if (options.Backup?.RetentionDays is < 1)
            return $"{Section}:Backup:RetentionDays must be at least 1 (days), was {options.Backup.RetentionDays}";
        if (options.Backup?.Concurrency is < 1)
            return $"{Section}:Backup:Concurrency must be at least 1, was {options.Backup.Concurrency}";

        if (probeDirectories)
        {
            if (DirectoryError(nameof(ArchiveOptions.ArchiveRoot), options.ArchiveRoot) is { } archive) return archive;
            if (DirectoryError(nameof(ArchiveOptions.JournalDirectory), options.JournalDirectory) is { } journal) return journal;
        }

        return null;
    }

    private static string? ExchangeError(int index, ExchangeArchiveOptions? exchange, Dictionary<ExchangeId, int> seen)
    {
        var path = $"{Section}:Exchanges:{index}";
        if (exchange is null) return $"{path} is empty";
        if (!ArchiveFeedOptions.TryParseExchange(exchange.Name, out var id))
            return $"{path}:Name '{exchange.Name}' is not a supported exchange ({string.Join(", ", ArchiveFeedOptions.ExchangeNames)})";
        if (!seen.TryAdd(id, index))
            return $"{path}:Name '{exchange.Name}' is listed twice (also {Section}:Exchanges:{seen[id]}); list each exchange once with all its symbols";
        if (exchange.Symbols is null || exchange.Symbols.Count == 0)
            return $"{path}:Symbols lists no symbol";
        if (exchange.Kinds is null || exchange.Kinds.Count == 0)
            return $"{path}:Kinds lists no kind ({string.Join(", ", ArchiveFeedOptions.Kinds)})";
        for (var k = 0; k < exchange.Kinds.Count; k++)
        {
            if (!ArchiveFeedOptions.IsKind(exchange.Kinds[k]))
                return $"{path}:Kinds:{k} '{exchange.Kinds[k]}' is not a supported kind ({string.Join(", ", ArchiveFeedOptions.Kinds)})";
        }

        if (!string.IsNullOrWhiteSpace(exchange.Endpoint) && !Uri.TryCreate(exchange.Endpoint, UriKind.Absolute, out _))
            return $"{path}:Endpoint '{exchange.Endpoint}' is not an absolute ws:// or wss:// URI";

        var name = id.ToString().ToLowerInvariant();
        var protocol = ExchangeProtocols.For(id);
        var feed = ArchiveFeedOptions.Create(exchange, id, endpointOverride: null);
        try
        {
            feed.Validate(protocol);
        }
        catch (ArgumentException e)
        {
            // "Feed options for binance: Depth must be between 1 and 1000, was 2000." → "<path>:Depth must be ..."
            var message = Clean(e.Message);
            var prefix = $"Feed options for {name}: ";
            return message.StartsWith(prefix, StringComparison.Ordinal) ? $"{path}:{message[prefix.Length..]}" : $"{path}: {message}";
        }

        try
        {
            // The protocol refuses depths its exchange does not serve (Binance 5/10/20, Bybit ≤ 50, Hyperliquid ≤ 20).
            protocol.SubscribeMessages(feed.Streams(), feed.Depth);
        }
        catch (ArgumentException e)
        {
            return $"{path}:Depth {exchange.Depth} is not valid for {name}: {Clean(e.Message)}";
        }

        return null;
    }

    private static string? DirectoryError(string property, string? directory)
    {
        var path = $"{Section}:{property}";
        if (string.IsNullOrWhiteSpace(directory)) return $"{path} is empty";
        string full;
        try
        {
            full = Path.GetFullPath(directory);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{path} '{directory}' is not a valid path: {Clean(e.Message)}";
        }

        var probe = Path.Combine(full, $".archiver-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path} '{full}' is not writable: {Clean(e.Message)}";
        }
    }

    /// <summary>The first line of an exception message, without the "(Parameter 'x')" suffix and the final period.</summary>
    private static string Clean(string message)
    {
        var line = message.ReplaceLineEndings("\n").Split('\n')[0];
        return ParameterSuffix().Replace(line, string.Empty).Trim().TrimEnd('.');
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();
}
