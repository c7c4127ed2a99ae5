using System.CommandLine;
using Archiver.Backup;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver backup [--config FILE] [--archive DIR] [--endpoint URL] [--bucket B] [--prefix P] [--dry-run]
/// [--delete-local-older-than DAYS]</c>: uploads every closed archive file the bucket lacks or holds with different
/// content, deciding from list pages and cached local hashes; with a retention, then deletes local files older than
/// that which the bucket holds identically. Exits 1 if any file failed.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bucket = new BucketCommandOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be uploaded and deleted; upload and delete nothing." };
        var retention = new Option<int?>("--delete-local-older-than")
        {
            Description = "After the upload, delete local files whose hour ended more than DAYS days ago, only those the bucket holds identically " +
                          "(default: Archiver:Backup:RetentionDays; unset keeps every file).",
            HelpName = "DAYS",
        };
        var command = new Command("backup", "Mirror the archive to an S3-compatible bucket (AWS S3, Backblaze B2, ...): upload new and changed files, verified.");
        bucket.AddTo(command);
        command.Add(dryRun);
        command.Add(retention);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (root, target, concurrency, section) = bucket.Resolve(parse);
            if (!Directory.Exists(root)) throw new CommandException($"archive root {root} does not exist");
            var days = parse.GetValue(retention) ?? section.RetentionDays;
            if (days is < 1) throw new CommandException($"--delete-local-older-than must be at least 1 day, was {days}");
            var options = new BackupOptions { DryRun = parse.GetValue(dryRun), RetentionDays = days };
            if (concurrency is { } n) options = options with { Concurrency = n };
            var progress = new TransferProgressPrinter(error, "backup");
            BackupSummary summary;
            try
            {
                summary = await ArchiveBackup.RunAsync(root, target, options, progress, cancellationToken);
            }
            catch (BackupException e)
            {
                progress.Finish();
                throw new CommandException(e.Message, e);
            }

            progress.Finish();
            output.WriteLine(summary.Describe(target));
            if (summary.Failed > 0) throw new CommandException($"{summary.Failed} file(s) failed to upload; run backup again to retry them");
            return ArchiverCli.ExitOk;
        });
        return command;
    }
}
