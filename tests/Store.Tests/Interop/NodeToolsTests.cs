using System.Text.Json;

namespace Archiver.Store.Tests.Interop;

/// <summary>
/// Proves the Node.js oracles work end to end on Parquet files DuckDB itself writes.
/// Needs node and <c>bash scripts/install-test-tools.sh</c>.
/// </summary>
public sealed class NodeToolsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodetools-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSample()
    {
        var path = Path.Combine(_dir, "sample.parquet");
        NodeTools.WriteDuckDbSample(path);
        return path;
    }

    [Fact]
    public void Repository_root_comes_from_assembly_metadata()
    {
        Assert.True(File.Exists(Path.Combine(NodeTools.RepositoryRoot, "package.json")), NodeTools.RepositoryRoot);
        Assert.True(File.Exists(Path.Combine(NodeTools.RepositoryRoot, "tests", "interop", "read-duckdb.mjs")));
    }

    [Fact]
    public void DuckDb_reader_returns_exact_integers_timestamps_and_floats()
    {
        var table = NodeTools.ReadWithDuckDb(WriteSample());

        Assert.Equal(3, table.RowCount);
        Assert.Equal("BIGINT", table.Columns[table.ColumnIndex("c_bigint")].Type);
        Assert.Equal(["9007199254740993", "-9223372036854775808", null], table.ColumnText("c_bigint"));
        Assert.Equal(["18446744073709551615", "0", null], table.ColumnText("c_ubigint"));

        var ns = table.Columns[table.ColumnIndex("c_timestamp_ns")];
        Assert.Equal(("TIMESTAMP_NS", "nanos"), (ns.Type, ns.Unit));
        Assert.Equal(["1700000000123456789", "-1", null], table.ColumnText("c_timestamp_ns"));
        // DuckDB reads TIMESTAMP(MILLIS) as a microsecond TIMESTAMP; the tool reports the file's unit.
        Assert.Equal("millis", table.Columns[table.ColumnIndex("c_timestamp_ms")].Unit);
        Assert.Equal(["1700000000123", "-1", null], table.ColumnText("c_timestamp_ms"));
        Assert.Equal("micros", table.Columns[table.ColumnIndex("c_timestamp")].Unit);
        Assert.Equal(["1700000000123456", "-1", null], table.ColumnText("c_timestamp"));

        Assert.Equal(["0.1", "NaN", "-0"], table.ColumnText("c_double"));
        Assert.True(double.IsNegative(double.Parse(table.ColumnText("c_double")[2]!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["1.5", "-Infinity", null], table.ColumnText("c_float"));
        Assert.Equal(["héllo 🦆", "", null], table.ColumnText("c_varchar"));
        Assert.Equal(["0x00ff10", "0x", null], table.ColumnText("c_blob"));
        Assert.Equal(["19782", "-1", null], table.ColumnText("c_date"));
        Assert.Equal(["f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "00000000-0000-0000-0000-000000000000", null], table.ColumnText("c_uuid"));
        Assert.Equal(JsonValueKind.True, table.Rows[0][table.ColumnIndex("c_boolean")].ValueKind);
        Assert.Equal(["true", "false", null], table.ColumnText("c_boolean"));
    }

    [Fact]
    public void Hyparquet_reader_agrees_with_DuckDb_value_for_value()
    {
        var path = WriteSample();
        var duck = NodeTools.ReadWithDuckDb(path);
        var hyp = NodeTools.ReadWithHyparquet(path);

        Assert.Equal(duck.Columns.Select(c => (c.Name, c.Unit)), hyp.Columns.Select(c => (c.Name, c.Unit)));
        Assert.Equal("INT64 TIMESTAMP(NANOS)", hyp.Columns[hyp.ColumnIndex("c_timestamp_ns")].Type);
        Assert.Equal(duck.RowCount, hyp.RowCount);
        for (var r = 0; r < duck.RowCount; r++)
        {
            for (var c = 0; c < duck.Columns.Count; c++)
            {
                Assert.True(
                    duck.Rows[r][c].GetRawText() == hyp.Rows[r][c].GetRawText(),
                    $"row {r} column {duck.Columns[c].Name}: duckdb {duck.Rows[r][c].GetRawText()} vs hyparquet {hyp.Rows[r][c].GetRawText()}");
            }
        }
    }

    [Fact]
    public void DuckDb_metadata_describes_row_groups_codecs_and_statistics()
    {
        using var meta = NodeTools.DuckDbMetadata(WriteSample());
        var root = meta.RootElement;
        Assert.StartsWith("v", root.GetProperty("duckdbVersion").GetString(), StringComparison.Ordinal);

        var chunks = root.GetProperty("metadata").EnumerateArray().ToArray();
        Assert.Equal(13, chunks.Length); // one row group x 13 columns
        var bigint = chunks.Single(c => c.GetProperty("path_in_schema").GetString() == "c_bigint");
        Assert.Equal("0", bigint.GetProperty("row_group_id").GetString());
        Assert.Equal("SNAPPY", bigint.GetProperty("compression").GetString());
        Assert.Equal("INT64", bigint.GetProperty("type").GetString());
        Assert.Equal("1", bigint.GetProperty("stats_null_count").GetString());
        Assert.Equal("-9223372036854775808", bigint.GetProperty("stats_min_value").GetString());
        Assert.Equal("9007199254740993", bigint.GetProperty("stats_max_value").GetString());
        Assert.False(string.IsNullOrEmpty(bigint.GetProperty("encodings").GetString()));

        Assert.Contains(root.GetProperty("schema").EnumerateArray(),
            e => e.GetProperty("name").GetString() == "c_timestamp_ns" && e.GetProperty("type").GetString() == "INT64");
        Assert.Equal("3", root.GetProperty("fileMetadata").GetProperty("num_rows").GetString());
    }

    [Fact]
    public void Corpus_writer_produces_files_whose_expectations_match_both_readers()
    {
        var outDir = Path.Combine(_dir, "corpus");
        NodeTools.WriteDuckDbCorpus(outDir);

        using var corpus = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "corpus.json")));
        var files = corpus.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => f.GetProperty("file").GetString()!).ToArray();
        Assert.Contains("types_zstd.parquet", files);
        Assert.Contains("empty.parquet", files);
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(outDir, f)), f));

        foreach (var name in new[] { "one_row", "empty" })
        {
            var path = Path.Combine(outDir, name + ".parquet");
            var expected = InteropTable.Parse(File.ReadAllText(Path.Combine(outDir, name + ".expected.json")));
            var hyp = NodeTools.ReadWithHyparquet(path);
            Assert.Equal(expected.RowCount, hyp.RowCount);
            for (var r = 0; r < expected.RowCount; r++)
            {
                Assert.Equal(expected.Rows[r].Select(v => v.GetRawText()), hyp.Rows[r].Select(v => v.GetRawText()));
            }
        }

        var oneRow = InteropTable.Parse(File.ReadAllText(Path.Combine(outDir, "one_row.expected.json")));
        Assert.Equal("9007199254740993", oneRow.ColumnText("c_bigint")[0]);
        Assert.Equal("9223372036854775808", oneRow.ColumnText("c_ubigint")[0]);
    }

    [Fact]
    public void ParquetJs_corpus_has_v2_pages_and_row_counts_DuckDb_agrees_with()
    {
        var outDir = Path.Combine(_dir, "parquetjs");
        NodeTools.WriteParquetJsCorpus(outDir);

        using var corpus = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "corpus.json")));
        var files = corpus.RootElement.GetProperty("files").EnumerateArray().ToArray();
        var names = files.Select(f => f.GetProperty("file").GetString()!).ToArray();
        Assert.Contains("v2_uncompressed.parquet", names);
        Assert.Contains("v2_snappy.parquet", names);
        Assert.Contains("v1_multipage.parquet", names);

        foreach (var f in files)
        {
            var file = f.GetProperty("file").GetString()!;
            var expected = InteropTable.Parse(File.ReadAllText(Path.Combine(outDir, f.GetProperty("expected").GetString()!)));
            var duck = NodeTools.ReadWithDuckDb(Path.Combine(outDir, file));
            Assert.True(expected.RowCount == duck.RowCount, $"{file}: expected.json has {expected.RowCount} rows, DuckDB reads {duck.RowCount}");
            Assert.Equal(f.GetProperty("rows").GetInt32(), expected.RowCount);
            Assert.Equal(expected.Columns.Select(c => c.Name), duck.Columns.Select(c => c.Name));

            // What is on disk (decoded from the page headers): v2_* files only DATA_PAGE_V2, v1_* only DATA_PAGE.
            var pageType = file.StartsWith("v1_", StringComparison.Ordinal) ? "DATA_PAGE" : "DATA_PAGE_V2";
            foreach (var column in f.GetProperty("columns").EnumerateObject())
            {
                Assert.Equal([pageType], column.Value.GetProperty("pageTypes").EnumerateArray().Select(t => t.GetString()));
            }
        }

        var snappy = files.Single(f => f.GetProperty("file").GetString() == "v2_snappy.parquet");
        Assert.True(snappy.GetProperty("rowGroups").GetArrayLength() > 1);
        Assert.All(
            snappy.GetProperty("columns").EnumerateObject(),
            c => Assert.True(c.Value.GetProperty("pagesPerChunk")[0].GetInt32() > 1, c.Name));

        var int96 = InteropTable.Parse(File.ReadAllText(Path.Combine(outDir, "v2_snappy.expected.json")));
        Assert.Equal(("INT96", "nanos"), (int96.Columns[int96.ColumnIndex("c_int96")].Type, int96.Columns[int96.ColumnIndex("c_int96")].Unit));
        Assert.Equal("0", int96.ColumnText("c_int96")[1]); // Julian day 2440588, 0 ns = the epoch
    }

    [Fact]
    public void Failing_script_throws_with_its_stderr()
    {
        var missing = Path.Combine(_dir, "does-not-exist.parquet");
        var e = Assert.Throws<NodeToolException>(() => NodeTools.ReadWithDuckDb(missing));
        Assert.Contains("does-not-exist.parquet", e.Message, StringComparison.Ordinal);
        Assert.Contains("exit code", e.Message, StringComparison.Ordinal);
    }
}
