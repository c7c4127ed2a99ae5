using System.Text.Json;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Tests.Cli;

public sealed class InspectAndConvertTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("archiver-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ParquetSchema Trades = new(
        ParquetField.Timestamp("ts", TimeUnit.Micros), ParquetField.Double("price"), ParquetField.Double("size", nullable: true),
        ParquetField.String("side"), ParquetField.Integer("flags", 8, signed: false));

    private string WriteTrades(string name, int rows, CompressionCodec codec = CompressionCodec.Snappy)
    {
        var path = Path.Combine(_dir, name);
        using var writer = ParquetFileWriter.Create(path, Trades, ParquetWriterOptions.Default with { Compression = codec, MaxRowsPerRowGroup = 1000 },
            new Dictionary<string, string> { ["exchange"] = "binance", ["symbol"] = "BTCUSDT" });
        writer.Write(
            new ColumnData<long>(Trades[0], Enumerable.Range(0, rows).Select(i => 1_735_689_600_000_000L + (i * 1_000_000L)).ToArray()),
            new ColumnData<double>(Trades[1], Enumerable.Range(0, rows).Select(i => 97_000.5 + i).ToArray()),
            new ColumnData<double>(Trades[2], Enumerable.Range(0, rows).Select(i => i * 0.001).ToArray(), Enumerable.Range(0, rows).Select(i => i != 1).ToArray()),
            new BinaryColumnData(Trades[3], BinaryColumnValues.FromStrings(Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? "buy" : "sell").ToArray())),
            new ColumnData<int>(Trades[4], Enumerable.Range(0, rows).Select(i => i == 0 ? 255 : 2).ToArray()));
        writer.Complete();
        return path;
    }

    [Fact]
    public async Task Inspect_shows_schema_row_groups_statistics_metadata_and_first_rows()
    {
        var path = WriteTrades("BTCUSDT_0618.parquet", 2500);
        var result = await CliRunner.RunAsync("inspect", path, "--rows", "3");

        Assert.Equal(0, result.ExitCode);
        var text = result.Output;
        Assert.Contains("rows:        2,500 in 3 row group(s)", text);
        Assert.Contains("ts     INT64 TIMESTAMP(MICROS, UTC) NOT NULL", text);
        Assert.Contains("flags  INT32 UINT(8) NOT NULL", text);
        Assert.Contains("exchange = binance", text);
        Assert.Contains("row group 2: 500 rows", text);
        Assert.Contains("DELTA_BINARY_PACKED", text);
        Assert.Contains("BYTE_STREAM_SPLIT", text);
        Assert.Contains("2025-01-01T00:00:00.000000Z", text);
        Assert.Contains("first 3 row(s):", text);
        Assert.Contains("97001.5", text);
        Assert.Contains("null", text);
        Assert.Contains("255", text);
    }

    [Fact]
    public async Task Inspect_json_is_one_object_with_the_real_values()
    {
        var path = WriteTrades("t.parquet", 1500);
        var result = await CliRunner.RunAsync("inspect", path, "--json", "--rows", "2");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(1500, root.GetProperty("rows").GetInt64());
        Assert.Equal(2, root.GetProperty("rowGroupCount").GetInt32());
        Assert.Equal("BTCUSDT", root.GetProperty("keyValueMetadata").GetProperty("symbol").GetString());
        var ts = root.GetProperty("rowGroups")[1].GetProperty("columns")[0];
        Assert.Equal("SNAPPY", ts.GetProperty("codec").GetString());
        Assert.Equal("2025-01-01T00:16:40.000000Z", ts.GetProperty("min").GetString());
        var size = root.GetProperty("rowGroups")[0].GetProperty("columns")[2];
        Assert.Equal(1, size.GetProperty("nullCount").GetInt64());
        var rows = root.GetProperty("firstRows");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(97_001.5, rows[1].GetProperty("price").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("size").ValueKind);
        Assert.Equal("sell", rows[1].GetProperty("side").GetString());
        Assert.Equal(255, rows[0].GetProperty("flags").GetInt32());
    }

    [Fact]
    public async Task Inspect_of_a_corrupt_file_is_one_line_naming_the_file()
    {
        var path = Path.Combine(_dir, "bad.parquet");
        await File.WriteAllBytesAsync(path, "PAR1 this is not a parquet file PAR1"u8.ToArray());
        var result = await CliRunner.RunAsync("inspect", path);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {path}", line);
    }

    [Fact]
    public async Task Convert_recompresses_keeping_schema_values_and_metadata()
    {
        var source = WriteTrades("in.parquet", 2500, CompressionCodec.Snappy);
        var target = Path.Combine(_dir, "out.parquet");
        var result = await CliRunner.RunAsync("convert", source, target, "--compression", "gzip");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2,500 rows", result.Output);
        using var before = ParquetFileReader.Open(source);
        using var after = ParquetFileReader.Open(target);
        Assert.Equal(CompressionCodec.Gzip, after.Metadata.RowGroups[0].Columns[0].MetaData!.Codec);
        Assert.Equal(before.Schema.Fields, after.Schema.Fields);
        Assert.Equal(before.KeyValueMetadata, after.KeyValueMetadata);
        var a = before.ReadAll();
        var b = after.ReadAll();
        for (var c = 0; c < a.Columns.Count; c++)
            for (var r = 0; r < a.RowCount; r++)
                Assert.Equal(a.Columns[c].GetValue(r), b.Columns[c].GetValue(r));
    }

    [Fact]
    public async Task Convert_does_not_replace_an_existing_file_without_overwrite()
    {
        var source = WriteTrades("in.parquet", 10);
        var target = Path.Combine(_dir, "exists.parquet");
        await File.WriteAllTextAsync(target, "precious");
        var result = await CliRunner.RunAsync("convert", source, target);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already exists", result.Error);
        Assert.Equal("precious", await File.ReadAllTextAsync(target));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public async Task Convert_rejects_an_unknown_compression_as_a_usage_error()
    {
        var source = WriteTrades("in.parquet", 10);
        var result = await CliRunner.RunAsync("convert", source, Path.Combine(_dir, "o.parquet"), "--compression", "lzo");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lzo", result.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "o.parquet")));
    }
}
