using Archiver.Store.Parquet;

namespace Archiver.Store.Tests.Interop;

/// <summary>
/// Files written by DuckDB (every codec, dictionary on and off, several and uneven row groups, nulls in every type,
/// the V2 encodings) are read by our reader with exactly the values DuckDB reports for them.
/// </summary>
public sealed class DuckDbFilesReadByUsTests(DuckDbCorpusFixture corpus) : IClassFixture<DuckDbCorpusFixture>
{
    public static TheoryData<string> Files => new()
    {
        "types_uncompressed", "types_snappy", "types_gzip", "types_zstd", "types_brotli", "types_lz4", "types_lz4_raw",
        "dict_off", "dict_on", "row_groups_uneven", "row_groups_2048", "v2_snappy", "v2_dict_off", "v2_uncompressed_row_groups",
        "mostly_null", "empty", "one_row",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Our_reader_returns_exactly_what_DuckDb_reports(string name)
    {
        var path = Path.Combine(corpus.Directory, name + ".parquet");
        var expected = InteropTable.Parse(File.ReadAllText(Path.Combine(corpus.Directory, name + ".expected.json")));

        using var reader = ParquetFileReader.Open(path);
        var data = reader.ReadAll();
        Assert.Equal(expected.RowCount, data.RowCount);
        Assert.Equal(expected.Columns.Select(c => c.Name), data.Columns.Select(c => c.Field.Name));
        foreach (var column in data.Columns) InteropAssert.SameColumn(column, expected, "DuckDB", name);
    }

    [Fact]
    public void Uneven_row_groups_are_read_with_their_own_sizes()
    {
        using var reader = ParquetFileReader.Open(Path.Combine(corpus.Directory, "row_groups_uneven.parquet"));
        var sizes = Enumerable.Range(0, reader.RowGroupCount).Select(reader.GetRowGroupRowCount).ToArray();
        Assert.True(sizes.Distinct().Count() > 1, $"row groups are not uneven: {string.Join(",", sizes)}");
        Assert.Equal(reader.RowCount, sizes.Sum());
    }
}
