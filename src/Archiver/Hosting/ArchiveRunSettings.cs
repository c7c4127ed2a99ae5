using Archiver.Store;
using Archiver.Store.Buckets;
using Microsoft.Extensions.Logging;

namespace Archiver.Cli.Hosting;

/// <summary>What <see cref="ArchiverHost.Build"/> needs besides the recorder and the hour closer.</summary>
/// <param name="ConfigPath">The JSON configuration file (the "Archiver" and "Serilog" sections); must exist.</param>
public sealed record ArchiveRunSettings(string ConfigPath)
{
    /// <summary>Run the exchange simulator in-process on 127.0.0.1 and point every feed at it.</summary>
    public bool Simulate { get; init; }

    /// <summary>The clock of the feeds, the statistics timer and the scheduler (tests pass a fake).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called after Serilog is added as the logging provider (tests add a capturing provider).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>
    /// Opens the bucket store the live records go to when <c>Archiver:Store:Server:Enabled</c> is true (tests pass an
    /// in-memory store); null: <see cref="ArchiverHost.DefaultOpenStore"/>.
    /// </summary>
    public Func<StoreOptions, IBucketStore>? OpenStore { get; init; }
}
