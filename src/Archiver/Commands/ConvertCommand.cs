using System.CommandLine;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver convert IN OUT [--compression zstd|snappy|gzip|none]</c>: rewrites any readable flat Parquet file with
/// this codec's writer, one row group at a time, keeping the schema, the values and the key-value metadata.
/// INT96 timestamps become INT64 TIMESTAMP(NANOS).
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Argument<FileInfo>("in") { Description = "Parquet file to read." };
        var outputFile = new Argument<FileInfo>("out") { Description = "Parquet file to write (written atomically)." };
        var compression = new Option<string>("--compression")
        {
            Description = "Page compression of the output: zstd, snappy, gzip or none.",
            DefaultValueFactory = _ => "zstd",
        };
        compression.AcceptOnlyFromAmong("zstd", "snappy", "gzip", "none");
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace OUT if it exists." };
        var command = new Command("convert", "Rewrite a Parquet file (for example to recompress old archives), keeping schema, values and key-value metadata.")
        {
            input, outputFile, compression, overwrite,
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(input)!.FullName;
            var target = parse.GetValue(outputFile)!.FullName;
            if (!File.Exists(source)) throw new CommandException($"{source} does not exist");
            if (string.Equals(source, target, StringComparison.Ordinal))
                throw new CommandException("IN and OUT are the same file; write to a new file");
            var codec = ParseCodec(parse.GetValue(compression)!);
            var result = Convert(source, target, codec, parse.GetValue(overwrite), error);
            output.WriteLine($"converted {source} -> {target}: {result.Rows:N0} rows in {result.RowGroups} row group(s), {result.InputBytes:N0} -> {result.OutputBytes:N0} bytes ({ValueFormatter.CodecName(codec)}) in {result.Elapsed.TotalSeconds:F1} s");
            return ArchiverCli.ExitOk;
        });
        return command;
    }

    internal static CompressionCodec ParseCodec(string name) => name.ToLowerInvariant() switch
    {
        "zstd" => CompressionCodec.Zstd,
        "snappy" => CompressionCodec.Snappy,
        "gzip" => CompressionCodec.Gzip,
        "none" or "uncompressed" => CompressionCodec.Uncompressed,
        _ => throw new CommandException($"unknown compression '{name}': use zstd, snappy, gzip or none"),
    };

    private static ParquetFileRewriter.Result Convert(string source, string target, CompressionCodec codec, bool overwrite, TextWriter progress)
    {
        var options = ParquetWriterOptions.Default with { Compression = codec, OverwriteExisting = overwrite };
        var showProgress = !Console.IsErrorRedirected;
        var result = ParquetFileRewriter.Rewrite(source, target, options, (done, total) =>
        {
            if (showProgress && total > 1) progress.Write($"\rrow group {done}/{total}");
        });
        if (showProgress && result.RowGroups > 1) progress.WriteLine();
        return result;
    }
}
