using System.Net;
using Archiver.Cli.Archiving;
using Archiver.Cli.Live;
using Archiver.Store;
using Archiver.Store.Aggregation;
using Archiver.Store.Buckets;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Checks the <c>Archiver:Store</c> section (<see cref="StoreOptions"/> and <see cref="LiveStoreOptions"/>) before
/// <c>archiver run</c> starts, in <see cref="ArchiveOptionsValidator"/>'s style: the first problem as one line naming
/// the setting by its configuration path. Everything is checked whether or not the server is enabled (a bad value is
/// a mistake either way); the store folder is created and probed only when it is.
/// </summary>
public static class StoreOptionsValidator
{
    public const string Section = ArchiveOptions.SectionName + ":Store";

    private static readonly TimeSpan MaxCommitWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxFlushInterval = TimeSpan.FromSeconds(10);
    private const int MaxQueueCapacity = 16 * 1024 * 1024;
    private static readonly TimeSpan MinReconcileLookback = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxReconcileLookback = TimeSpan.FromDays(90);

    /// <summary>The first problem of the options, or null when they are usable.</summary>
    public static string? FirstError(StoreOptions options, LiveStoreOptions live, bool probeDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(live);
        if (string.IsNullOrWhiteSpace(options.Root)) return $"{Section}:Root is empty";
        if (options.CommitWindow < TimeSpan.Zero || options.CommitWindow > MaxCommitWindow)
            return $"{Section}:CommitWindow must be at least 00:00:00 and at most 00:00:01, was {options.CommitWindow}";
        var aggregations = options.Aggregations ?? [];
        for (var i = 0; i < aggregations.Count; i++)
        {
            if (AggregationError(i, aggregations[i]) is { } error) return error;
        }

        if (ServerError(options.Server ?? new StoreServerOptions()) is { } server) return server;

        const string livePath = LiveStoreOptions.SectionName;
        if (live.FlushInterval <= TimeSpan.Zero || live.FlushInterval > MaxFlushInterval)
            return $"{livePath}:FlushInterval must be more than 00:00:00 and at most 00:00:10, was {live.FlushInterval}";
        if (live.QueueCapacity < 1 || live.QueueCapacity > MaxQueueCapacity)
            return $"{livePath}:QueueCapacity must be between 1 and {MaxQueueCapacity}, was {live.QueueCapacity}";
        if (live.QuoteInterval < TimeSpan.Zero)
            return $"{livePath}:QuoteInterval must not be negative, was {live.QuoteInterval}";
        if (live.ReconcileLookback < MinReconcileLookback || live.ReconcileLookback > MaxReconcileLookback)
            return $"{livePath}:ReconcileLookback must be at least 01:00:00 and at most 90.00:00:00, was {live.ReconcileLookback}";

        if (probeDirectory && options.Server?.Enabled == true) return DirectoryError(options.Root);
        return null;
    }

    private static string? AggregationError(int index, AggregationRule? rule)
    {
        var path = $"{Section}:Aggregations:{index}";
        if (rule is null) return $"{path} is empty";
        try
        {
            AggregationKeyPattern.Parse(rule.On);
        }
        catch (StoreException e)
        {
            return $"{path}:On: {e.Message}";
        }

        if (rule.Destinations is not { Count: > 0 }) return $"{path}:Destinations lists no timeframe (e.g. 5Min, 15Min, 1H, 1D)";
        for (var k = 0; k < rule.Destinations.Count; k++)
        {
            var d = rule.Destinations[k];
            if (!Timeframe.TryParseBucket(d, out _) || !Timeframe.TryParseQuery(d, out _))
                return $"{path}:Destinations:{k} '{d}' is not a timeframe (e.g. 5Min, 15Min, 1H, 1D)";
        }

        return null;
    }

    private static string? ServerError(StoreServerOptions server)
    {
        var path = $"{Section}:Server";
        if (server.Port is < 1 or > 65535) return $"{path}:Port must be between 1 and 65535, was {server.Port}";
        if (server.MaxRequestBytes <= 0) return $"{path}:MaxRequestBytes must be positive, was {server.MaxRequestBytes}";
        if (server.AccessToken is not null && string.IsNullOrWhiteSpace(server.AccessToken))
            return $"{path}:AccessToken is blank; remove it or set a token";
        bool loopback;
        if (string.Equals(server.Bind, "localhost", StringComparison.OrdinalIgnoreCase)) loopback = true;
        else if (IPAddress.TryParse(server.Bind, out var address)) loopback = IPAddress.IsLoopback(address);
        else return $"{path}:Bind '{server.Bind}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)";
        if (!loopback && server.AccessToken is null && !server.Insecure)
            return $"{path}:Bind {server.Bind} is not a loopback address: set {path}:AccessToken (or {path}:Insecure to true to serve without one)";
        return null;
    }

    private static string? DirectoryError(string root)
    {
        string full;
        try
        {
            full = Path.GetFullPath(root);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{Section}:Root '{root}' is not a valid path: {e.Message.ReplaceLineEndings(" ").Trim()}";
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
            return $"{Section}:Root '{full}' is not writable: {e.Message.ReplaceLineEndings(" ").Trim()}";
        }
    }
}
