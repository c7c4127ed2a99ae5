using System.CommandLine;
using Archiver.Cli.Archiving;
using Archiver.Store;
using Microsoft.Extensions.Configuration;

namespace Archiver.Cli.Commands;

/// <summary>
/// The options the store commands share: <c>--config</c> (appsettings.json with an <c>Archiver:Store</c> section: root,
/// commit window, aggregations) and <c>--store DIR</c>, which overrides the root.
/// </summary>
internal sealed class StoreCommandOptions
{
    public Option<FileInfo?> Config { get; } = new("--config") { Description = "appsettings.json with an Archiver:Store section (default: ./appsettings.json when present)." };

    public Option<DirectoryInfo?> Store { get; } = new("--store") { Description = "Store root (default: Archiver:Store:Root, or ./store)." };

    public void AddTo(Command command)
    {
        command.Add(Config);
        command.Add(Store);
    }

    /// <summary>The store options from the configuration with the command line's root, and the configured archive root.</summary>
    public (StoreOptions Store, string ArchiveRoot) Resolve(ParseResult parse)
    {
        var config = parse.GetValue(Config);
        if (config is not null && !config.Exists) throw new CommandException($"{config.FullName} does not exist");
        var path = config?.FullName ?? (File.Exists("appsettings.json") ? Path.GetFullPath("appsettings.json") : null);
        var builder = new ConfigurationBuilder();
        if (path is not null) builder.AddJsonFile(path, optional: false);
        builder.AddEnvironmentVariables();
        var options = new StoreOptions();
        var archive = new ArchiveOptions();
        try
        {
            var root = builder.Build();
            root.GetSection(ArchiveOptions.SectionName).Bind(archive);
            root.GetSection(ArchiveOptions.SectionName + ":Store").Bind(options);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new CommandException($"configuration: {e.Message}");
        }

        options.Root = parse.GetValue(Store)?.FullName ?? Path.GetFullPath(options.Root);
        return (options, Path.GetFullPath(archive.ArchiveRoot));
    }
}
