using System.CommandLine;
using Archiver.Backup;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver backup [--config FILE] [--archive DIR] [--endpoint URL] [--bucket B] [--prefix P] [--dry-run]</c>: uploads
/// every closed archive file the bucket lacks or holds with different content, deciding from list pages and cached
/// local hashes. Exits 1 if any file failed.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bucket = new BucketCommandOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be uploaded, upload nothing." };
        var command = new Command("backup", "Mirror the archive to an S3-compatible bucket (AWS S3, Backblaze B2, ...): upload new and changed files, verified.");
        bucket.AddTo(command);
        command.Add(dryRun);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (root, target, concurrency) = bucket.Resolve(parse);
            if (!Directory.Exists(root)) throw new CommandException($"archive root {root} does not exist");
            var progress = new TransferProgressPrinter(error, "backup");
            BackupSummary summary;
            try
            {
                summary = await ArchiveBackup.RunAsync(root, target, new BackupOptions { DryRun = parse.GetValue(dryRun), Concurrency = concurrency }, progress, cancellationToken);
            }
            catch (BackupException e)
            {
                progress.Finish();
                throw new CommandException(e.Message, e);
            }

            progress.Finish();
            output.WriteLine($"backup to {target}: uploaded {summary.Uploaded}, unchanged {summary.Unchanged}, failed {summary.Failed}, " +
                             $"{summary.BytesUploaded / 1048576.0:F1} MB in {summary.Elapsed.TotalSeconds:F1} s ({summary.BytesPerSecond / 1048576.0:F1} MB/s)" +
                             (parse.GetValue(dryRun) ? " (dry run)" : string.Empty));
            if (summary.Failed > 0) throw new CommandException($"{summary.Failed} file(s) failed to upload; run backup again to retry them");
            return ArchiverCli.ExitOk;
        });
        return command;
    }
}
