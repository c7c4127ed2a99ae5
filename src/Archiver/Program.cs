using Archiver.Cli;

return await ArchiverCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
