using System.CommandLine;
using Archiver.Backup;
using Archiver.Cli.Archiving;
using Microsoft.Extensions.Configuration;

namespace Archiver.Cli.Commands;

/// <summary>
/// The options `backup` and `restore` share: the archive root and the bucket, from --config (the "Archiver" section,
/// with environment overrides) and overridden by the command line.
/// </summary>
internal sealed class BucketCommandOptions
{
    public Option<FileInfo?> Config { get; } = new("--config") { Description = "appsettings.json with an Archiver:Backup section (default: ./appsettings.json when present)." };

    public Option<DirectoryInfo?> Archive { get; } = new("--archive") { Description = "Archive root (default: Archiver:ArchiveRoot, or ./archives)." };

    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = "S3-compatible endpoint URL (empty for AWS S3)." };

    public Option<string?> Bucket { get; } = new("--bucket") { Description = "Bucket name." };

    public Option<string?> Prefix { get; } = new("--prefix") { Description = "Key prefix for the archive tree." };

    public Option<string?> Region { get; } = new("--region") { Description = "Region (default us-east-1)." };

    public Option<bool> PathStyle { get; } = new("--path-style") { Description = "Path-style addressing (most non-AWS servers)." };

    public Option<int?> Concurrency { get; } = new("--concurrency") { Description = "Parallel transfers (default: Archiver:Backup:Concurrency, else 8)." };

    public void AddTo(Command command)
    {
        command.Add(Config);
        command.Add(Archive);
        command.Add(Endpoint);
        command.Add(Bucket);
        command.Add(Prefix);
        command.Add(Region);
        command.Add(PathStyle);
        command.Add(Concurrency);
    }

    /// <summary>
    /// The archive root, the bucket, the concurrency (null: the command's default) and the Archiver:Backup section the
    /// command line and configuration name together.
    /// </summary>
    public (string Root, BucketOptions Bucket, int? Concurrency, BackupTargetOptions Section) Resolve(ParseResult parse)
    {
        var options = LoadOptions(parse.GetValue(Config));
        var target = options.Backup;
        var bucket = parse.GetValue(Bucket) ?? target.Bucket;
        if (string.IsNullOrWhiteSpace(bucket))
            throw new CommandException("no bucket: pass --bucket or set Archiver:Backup:Bucket in the configuration");
        var endpoint = parse.GetValue(Endpoint) ?? target.Endpoint;
        if (!string.IsNullOrEmpty(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            throw new CommandException($"--endpoint '{endpoint}' is not a URL");
        var concurrency = parse.GetValue(Concurrency) ?? target.Concurrency;
        if (concurrency is < 1) throw new CommandException($"the concurrency must be at least 1, was {concurrency}");
        var root = parse.GetValue(Archive)?.FullName ?? Path.GetFullPath(options.ArchiveRoot);
        return (root, target.ToBucketOptions() with
        {
            Endpoint = string.IsNullOrEmpty(endpoint) ? null : endpoint,
            Region = parse.GetValue(Region) ?? target.Region,
            Bucket = bucket,
            Prefix = parse.GetValue(Prefix) ?? target.Prefix,
            ForcePathStyle = parse.GetValue(PathStyle) || target.ForcePathStyle,
        }, concurrency, target);
    }

    private static ArchiveOptions LoadOptions(FileInfo? config)
    {
        var path = config?.FullName ?? (File.Exists("appsettings.json") ? Path.GetFullPath("appsettings.json") : null);
        if (config is not null && !config.Exists) throw new CommandException($"{config.FullName} does not exist");
        var builder = new ConfigurationBuilder();
        if (path is not null) builder.AddJsonFile(path, optional: false);
        builder.AddEnvironmentVariables();
        try
        {
            var options = new ArchiveOptions();
            builder.Build().GetSection(ArchiveOptions.SectionName).Bind(options);
            return options;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new CommandException($"configuration: {e.Message}");
        }
    }
}
