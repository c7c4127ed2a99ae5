using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Tests.Parquet;

public sealed class ParquetFileWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("parquet-writer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ParquetSchema Schema = new(ParquetField.Int64("id"), ParquetField.String("s"));

    private static ColumnData[] Rows(int start, int count) =>
    [
        new ColumnData<long>(Schema[0], Enumerable.Range(start, count).Select(i => (long)i).ToArray()),
        new BinaryColumnData(Schema[1], BinaryColumnValues.FromStrings(Enumerable.Range(start, count).Select(i => $"row {i}").ToArray())),
    ];

    [Fact]
    public void A_file_being_written_exists_only_under_a_hidden_temporary_name_until_complete()
    {
        var path = Path.Combine(_dir, "BTCUSDT_0618.parquet");
        using (var writer = ParquetFileWriter.Create(path, Schema))
        {
            writer.Write(Rows(0, 100));
            writer.FlushRowGroup();
            Assert.False(File.Exists(path));
            var temporary = Assert.Single(Directory.GetFiles(_dir));
            Assert.True(ParquetFileWriter.IsTemporaryName(Path.GetFileName(temporary)));
            writer.Complete();
        }

        Assert.Equal([path], Directory.GetFiles(_dir));
        using var reader = ParquetFileReader.Open(path);
        Assert.Equal(100, reader.RowCount);
    }

    [Fact]
    public void Disposing_an_unfinished_file_deletes_the_temporary_and_leaves_no_final_file()
    {
        var path = Path.Combine(_dir, "x.parquet");
        using (var writer = ParquetFileWriter.Create(path, Schema))
        {
            writer.Write(Rows(0, 10));
        }

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void An_existing_file_is_not_replaced_unless_asked()
    {
        var path = Path.Combine(_dir, "x.parquet");
        File.WriteAllText(path, "keep me");
        Assert.Throws<IOException>(() => ParquetFileWriter.Create(path, Schema));
        Assert.Equal("keep me", File.ReadAllText(path));

        using (var writer = ParquetFileWriter.Create(path, Schema, ParquetWriterOptions.Default with { OverwriteExisting = true }))
        {
            writer.Write(Rows(0, 3));
            writer.Complete();
        }

        using var reader = ParquetFileReader.Open(path);
        Assert.Equal(3, reader.RowCount);
    }

    [Fact]
    public void Full_row_groups_reach_the_output_before_the_file_is_complete()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, Schema, ParquetWriterOptions.Default with { MaxRowsPerRowGroup = 1000 }, leaveOpen: true);
        writer.Write(Rows(0, 999));
        Assert.Equal(0, writer.RowGroupCount);
        Assert.Equal(4, stream.Length); // only the magic
        writer.Write(Rows(999, 2));
        Assert.Equal(1, writer.RowGroupCount);
        Assert.True(stream.Length > 1000, $"row group not written: {stream.Length} bytes");
        writer.Complete();
    }

    [Fact]
    public void Mismatched_batches_are_refused_with_the_column_named()
    {
        using var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, Schema, leaveOpen: true);
        var rows = Rows(0, 5);
        var shorter = new BinaryColumnData(Schema[1], BinaryColumnValues.FromStrings(["a"]));
        var e = Assert.Throws<ArgumentException>(() => writer.Write(rows[0], shorter));
        Assert.Contains("'s'", e.Message);
        var wrongType = new ColumnData<double>(ParquetField.Double("id"), [1.0, 2, 3, 4, 5]);
        Assert.Throws<ArgumentException>(() => writer.Write(wrongType, rows[1]));
    }

    [Fact]
    public void Nulls_in_a_required_column_and_int96_output_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ColumnData<long>(ParquetField.Int64("id"), [1L, 2L], [true, false]));
        var int96 = new ParquetSchema(new ParquetField("legacy", Archiver.Store.Parquet.Metadata.PhysicalType.Int96));
        Assert.Throws<NotSupportedException>(() => new ParquetFileWriter(new MemoryStream(), int96));
    }
}
