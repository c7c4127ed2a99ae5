using System.Globalization;
using Archiver.Store.Parquet;

namespace Archiver.Store.Tests.Interop;

/// <summary>
/// Files written by parquetjs, an independent writer: DATA_PAGE_V2 pages (uncompressed, SNAPPY, GZIP, BROTLI) with
/// nulls and all-null pages, several pages per column chunk, uneven row groups and INT96 timestamps.
/// </summary>
public sealed class ParquetJsFilesReadByUsTests(ParquetJsCorpusFixture corpus) : IClassFixture<ParquetJsCorpusFixture>
{
    private const string Int96Column = "c_int96";

    public static TheoryData<string> Files => new() { "v2_uncompressed", "v2_snappy", "v2_gzip", "v2_brotli", "v1_multipage", "v2_single_page" };

    [Fact]
    public void The_in_range_int96_file_really_has_values_before_1970_and_nulls()
    {
        var expected = InteropTable.Parse(File.ReadAllText(Path.Combine(corpus.Directory, "v2_int96_in_range.expected.json")));
        var values = expected.ColumnText(Int96Column);
        Assert.Contains("-2208988800000000000", values); // 1900-01-01
        Assert.Contains("-1", values);                   // the last nanosecond of 1969
        Assert.Contains(null, values);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Our_reader_returns_the_values_parquetjs_wrote(string name)
    {
        var path = Path.Combine(corpus.Directory, name + ".parquet");
        var expected = InteropTable.Parse(File.ReadAllText(Path.Combine(corpus.Directory, name + ".expected.json")));

        using var reader = ParquetFileReader.Open(path);
        var others = reader.Schema.Fields.Select(f => f.Name).Where(n => n != Int96Column).ToList();
        var data = reader.ReadAll(others);
        Assert.Equal(expected.RowCount, data.RowCount);
        foreach (var column in data.Columns) InteropAssert.SameColumn(column, expected, "parquetjs", name);
    }

    public static TheoryData<string> Int96Files => new() { "v2_int96_in_range", "v2_snappy", "v1_multipage" };

    [Theory]
    [MemberData(nameof(Int96Files))]
    public void Int96_timestamps_read_as_nanoseconds_or_fail_clearly_when_out_of_range(string name)
    {
        var path = Path.Combine(corpus.Directory, name + ".parquet");
        var expected = InteropTable.Parse(File.ReadAllText(Path.Combine(corpus.Directory, name + ".expected.json")));
        var values = expected.ColumnText(Int96Column);
        var fits = values.All(v => v is null || long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));

        using var reader = ParquetFileReader.Open(path);
        if (fits)
        {
            var data = reader.ReadAll([Int96Column]);
            InteropAssert.SameColumn(data.Columns[0], expected, "parquetjs", name);
            return;
        }

        // The corpus holds 0001-01-01T00:00:00.000000001, beyond Int64 nanoseconds: a clear error, never a wrapped value.
        var e = Assert.Throws<ParquetFormatException>(() => reader.ReadAll([Int96Column]));
        Assert.Equal(Int96Column, e.Column);
        Assert.Contains("0001-01-01 is outside the range of nanosecond timestamps", e.Message);
    }

    [Fact]
    public void Rewriting_int96_timestamps_keeps_every_instant_as_int64_nanoseconds()
    {
        var source = Path.Combine(corpus.Directory, "v2_int96_in_range.parquet");
        var target = Path.Combine(corpus.Directory, "v2_int96_in_range.rewritten.parquet");
        var expected = InteropTable.Parse(File.ReadAllText(Path.Combine(corpus.Directory, "v2_int96_in_range.expected.json")));

        var result = ParquetFileRewriter.Rewrite(source, target, ParquetWriterOptions.Default with { OverwriteExisting = true });

        Assert.Equal(expected.RowCount, result.Rows);
        using var reader = ParquetFileReader.Open(target);
        var field = reader.Schema[reader.Schema.IndexOf(Int96Column)];
        Assert.Equal(Archiver.Store.Parquet.Metadata.PhysicalType.Int64, field.PhysicalType);
        Assert.Equal(Archiver.Store.Parquet.Schema.LogicalKind.Timestamp, field.Logical);
        Assert.Equal(Archiver.Store.Parquet.Metadata.TimeUnit.Nanos, field.TimeUnit);
        var data = reader.ReadAll();
        foreach (var column in data.Columns) InteropAssert.SameColumn(column, expected, "parquetjs", "v2_int96_in_range (rewritten)");
    }
}
