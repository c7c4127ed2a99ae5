using Archiver.Cli.Archiving;
using Archiver.Cli.Live;
using Archiver.Store;
using Archiver.Store.Buckets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Serilog;

namespace Archiver.Cli.Hosting;

/// <summary>
/// Builds the Generic Host of <c>archiver run</c>: configuration from one JSON file overridden by environment variables
/// (<c>Archiver__ArchiveRoot</c>, <c>Archiver__Exchanges__0__Depth</c>: the configuration path with <c>__</c> between
/// the parts, case-insensitive, no prefix), options bound and validated before anything starts, Serilog as the only
/// logging provider, and the services: the simulator (with <c>--simulate</c>), the feeds, the statistics line and the
/// Quartz scheduler with the hour-close job. With <c>Archiver:Store:Server:Enabled</c>, the store (<c>Archiver:Store</c>)
/// is opened too and every record also goes to the <see cref="LiveStoreWriter"/> (<see cref="LiveStoreHostedService"/>).
/// Start it, and stop it through its lifetime (SIGINT/SIGTERM).
/// </summary>
public static class ArchiverHost
{
    /// <summary>How long a graceful stop may take before the remaining services are abandoned (the flush still runs).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Builds the host; nothing runs until it is started.</summary>
    /// <param name="settings">The configuration file, <c>--simulate</c>, the clock.</param>
    /// <param name="recorderFactory">Creates the recorder the feeds write to (a singleton, disposed with the host).</param>
    /// <param name="closerFactory">Creates the hour closer the hour-close job calls (a singleton).</param>
    /// <exception cref="ArchiverConfigurationException">The file is missing or malformed, or a setting is invalid.</exception>
    public static IHost Build(ArchiveRunSettings settings, Func<IServiceProvider, IArchiveRecorder> recorderFactory, Func<IServiceProvider, IHourCloser> closerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(recorderFactory);
        ArgumentNullException.ThrowIfNull(closerFactory);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Args = [],
            ApplicationName = "archiver",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        AddConfiguration(builder.Configuration, settings.ConfigPath);
        var options = BindOptions(builder.Configuration);
        if (ArchiveOptionsValidator.FirstError(options, probeDirectories: true) is { } error) throw new ArchiverConfigurationException(error);
        var (store, live) = BindStoreOptions(builder.Configuration);
        if (StoreOptionsValidator.FirstError(store, live, probeDirectory: true) is { } storeError) throw new ArchiverConfigurationException(storeError);

        AddLogging(builder, settings);
        AddServices(builder.Services, settings, options, recorderFactory, closerFactory, liveStore: store.Server.Enabled);
        if (store.Server.Enabled) AddLiveStore(builder.Services, settings, store, live);
        return builder.Build();
    }

    private static void AddConfiguration(ConfigurationManager configuration, string configPath)
    {
        var path = Path.GetFullPath(configPath);
        if (!File.Exists(path)) throw new ArchiverConfigurationException($"{path} does not exist");
        try
        {
            configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        catch (InvalidDataException e)
        {
            throw new ArchiverConfigurationException($"{path} is not valid JSON: {OneLine(e.GetBaseException().Message)}", e);
        }

        configuration.AddEnvironmentVariables();
    }

    internal static ArchiveOptions BindOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(ArchiveOptions.SectionName);
        var options = new ArchiveOptions();
        try
        {
            section.Bind(options);
            // The binder appends configured list items to the defaults a property starts with: take Kinds as configured.
            for (var i = 0; i < options.Exchanges.Count; i++)
            {
                var kinds = section.GetSection($"Exchanges:{i}:Kinds");
                if (kinds.GetChildren().Any()) options.Exchanges[i].Kinds = kinds.Get<List<string>>() ?? [];
            }
        }
        catch (InvalidOperationException e)
        {
            throw new ArchiverConfigurationException(OneLine(e.Message), e);
        }

        return options;
    }

    /// <summary>Binds <c>Archiver:Store</c> (the store and its server) and <c>Archiver:Store:Live</c> (the live writer).</summary>
    internal static (StoreOptions Store, LiveStoreOptions Live) BindStoreOptions(IConfiguration configuration)
    {
        var store = new StoreOptions();
        var live = new LiveStoreOptions();
        try
        {
            configuration.GetSection(StoreOptionsValidator.Section).Bind(store);
            configuration.GetSection(LiveStoreOptions.SectionName).Bind(live);
        }
        catch (InvalidOperationException e)
        {
            throw new ArchiverConfigurationException(OneLine(e.Message), e);
        }

        return (store, live);
    }

    /// <summary>The store factory when <see cref="ArchiveRunSettings.OpenStore"/> is not given.</summary>
    /// <remarks>The on-disk aggregation observer is added by <see cref="Live.LiveStoreHostedService"/>, not here.</remarks>
    internal static IBucketStore DefaultOpenStore(StoreOptions options) => BucketStore.Open(options);

    /// <summary>
    /// The live store: registered before the feeds, so it starts before them and stops after them (hosted services stop
    /// in reverse order): the feeds stop and the recorder flushes, then the writer drains, the server stops and the store
    /// is disposed.
    /// </summary>
    private static void AddLiveStore(IServiceCollection services, ArchiveRunSettings settings, StoreOptions store, LiveStoreOptions live)
    {
        services.AddSingleton(store);
        services.AddSingleton(live);
        services.AddSingleton(settings.OpenStore ?? DefaultOpenStore);
        services.AddSingleton(sp => new LiveStoreWriter(live, sp.GetRequiredService<ILogger<LiveStoreWriter>>(), settings.TimeProvider));

        // Ingests each closed hour's files into the open store (the hour-close job hands them over; off: it does nothing).
        services.AddSingleton(sp => new LiveStoreReconciler(live, store.Root, sp.GetRequiredService<ArchiveOptions>().ArchiveRoot,
            sp.GetRequiredService<LiveStoreWriter>(), settings.TimeProvider, sp.GetRequiredService<ILogger<LiveStoreReconciler>>()));

        // The MarketStore-compatible server: LiveStoreHostedService starts it after the store is open and stops it after
        // the writer drained, before the store is disposed.
        services.AddSingleton<ILiveStoreServer, MarketStoreLiveServer>();
    }

    private static void AddLogging(HostApplicationBuilder builder, ArchiveRunSettings settings)
    {
        Serilog.ILogger serilog;
        try
        {
            serilog = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            throw new ArchiverConfigurationException($"Serilog: {OneLine(e.Message)}", e);
        }

        builder.Logging.ClearProviders();
        // Serilog's MinimumLevel section decides; the logging framework lets everything through to it.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddSerilog(serilog, dispose: true);
        settings.ConfigureLogging?.Invoke(builder.Logging);
    }

    private static void AddServices(IServiceCollection services, ArchiveRunSettings settings, ArchiveOptions options,
        Func<IServiceProvider, IArchiveRecorder> recorderFactory, Func<IServiceProvider, IHourCloser> closerFactory, bool liveStore)
    {
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        services.AddSingleton(settings);
        services.AddSingleton(settings.TimeProvider);
        services.AddSingleton(options);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<IArchiveRecorder>(recorderFactory);
        services.AddSingleton(sp => sp.GetRequiredService<IArchiveRecorder>().Statistics);
        services.AddSingleton<IHourCloser>(closerFactory);
        services.AddSingleton<FeedEndpoints>();
        services.AddSingleton<ArchiverRunFailure>();

        // Hosted services start in this order and stop in reverse: the scheduler stops first (waiting for a running
        // hour close), then the statistics, then the feeds (stop, then flush), then the live store when enabled (drain,
        // server, dispose), and the simulator last.
        if (settings.Simulate)
        {
            services.AddSingleton<SimulatorHostedService>();
            services.AddHostedService(sp => sp.GetRequiredService<SimulatorHostedService>());
        }

        if (liveStore) services.AddHostedService<LiveStoreHostedService>();

        services.AddHostedService<FeedsHostedService>();
        services.AddHostedService<StatisticsHostedService>();

        var cron = HourCloseSchedule.CronFor(options.CloseGrace);
        services.AddQuartz(quartz =>
        {
            quartz.UseTimeProvider(settings.TimeProvider);
            quartz.AddJob<HourCloseJob>(job => job.WithIdentity(HourCloseSchedule.JobKey).WithDescription("Closes every due hour of the journal into Parquet."));
            quartz.AddTrigger(trigger => trigger
                .ForJob(HourCloseSchedule.JobKey)
                .WithIdentity(HourCloseSchedule.TriggerKey)
                .WithDescription($"CloseGrace ({options.CloseGrace}) after every hour, UTC")
                .WithCronSchedule(cron, schedule => schedule
                    .InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            // Catches up the hours a previous run (or a sleep) left closed but not archived.
            quartz.RunAtStartup(HourCloseSchedule.JobKey);
            if (options.Schedules.Backup.Enabled)
            {
                quartz.AddJob<BackupJob>(job => job.WithIdentity(BackupJob.JobKey).WithDescription("Mirrors the closed archive files to the backup bucket."));
                quartz.AddTrigger(trigger => trigger
                    .ForJob(BackupJob.JobKey)
                    .WithIdentity("backup-cron")
                    .WithCronSchedule(options.Schedules.Backup.Cron, schedule => schedule
                        .InTimeZone(TimeZoneInfo.Utc)
                        .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
        services.AddHostedService(sp => new ScheduleAnnouncer(sp.GetRequiredService<ILogger<ScheduleAnnouncer>>(), cron, options.CloseGrace));
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
