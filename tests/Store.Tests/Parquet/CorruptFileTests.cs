using System.Buffers.Binary;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Tests.Parquet;

/// <summary>Corrupt, truncated and hostile files give one exception type naming the file, the column and the offset.</summary>
public sealed class CorruptFileTests
{
    private static byte[] ValidFile(CompressionCodec codec = CompressionCodec.Zstd) =>
        ParquetRoundTripTests.Write(SampleTables.AllTypes, SampleTables.AllTypesRows(2000), ParquetWriterOptions.Default with { Compression = codec, MaxRowsPerRowGroup = 800 });

    private static ParquetFormatException ReadFails(byte[] bytes, string name = "bad.parquet")
    {
        return Assert.Throws<ParquetFormatException>(() =>
        {
            using var reader = ParquetFileReader.Open(bytes, name);
            for (var g = 0; g < reader.RowGroupCount; g++) reader.ReadRowGroup(g);
        });
    }

    /// <summary>Replaces the footer with <paramref name="edit"/>'s version of it.</summary>
    internal static byte[] WithFooter(byte[] file, Action<FileMetaData> edit)
    {
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var footerStart = file.Length - 8 - footerLength;
        var meta = ParquetMetadataCodec.ReadFileMetaData(file.AsSpan(footerStart, footerLength));
        edit(meta);
        using var footer = new PooledBufferWriter();
        ParquetMetadataCodec.WriteFileMetaData(meta, footer);
        var result = new byte[footerStart + footer.Length + 8];
        file.AsSpan(0, footerStart).CopyTo(result);
        footer.WrittenSpan.CopyTo(result.AsSpan(footerStart));
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(footerStart + footer.Length), footer.Length);
        "PAR1"u8.CopyTo(result.AsSpan(result.Length - 4));
        return result;
    }

    [Fact]
    public void A_file_too_small_to_be_parquet_is_named_in_the_error()
    {
        var e = ReadFails("PAR1PAR1"u8.ToArray(), "tiny.parquet");
        Assert.Contains("tiny.parquet", e.Message);
        Assert.Contains("too small", e.Message);
    }

    [Fact]
    public void Wrong_magic_at_either_end_is_reported_with_its_offset()
    {
        var file = ValidFile();
        var head = (byte[])file.Clone();
        head[0] = (byte)'X';
        Assert.Contains("offset 0", ReadFails(head).Message);
        var tail = file[..^1];
        var e = ReadFails(tail);
        Assert.Equal(tail.Length - 4, e.Offset);
    }

    [Fact]
    public void A_footer_length_larger_than_the_file_is_refused_before_allocating()
    {
        var file = ValidFile();
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(file.Length - 8), int.MaxValue);
        var e = ReadFails(file);
        Assert.Contains("footer length", e.Message);
    }

    [Fact]
    public void Every_truncation_of_a_file_gives_a_format_error()
    {
        var file = ValidFile(CompressionCodec.Snappy);
        for (var length = 0; length < file.Length; length += 53)
            ReadFails(file[..length]);
    }

    [Fact]
    public void A_column_chunk_pointing_outside_the_file_names_the_column()
    {
        var file = WithFooter(ValidFile(), m => m.RowGroups[1].Columns[3].MetaData!.DataPageOffset = 1L << 40);
        var e = ReadFails(file);
        Assert.Equal("id", e.Column);
        Assert.Contains("outside the data region", e.Message);
    }

    [Fact]
    public void A_row_count_beyond_the_limit_is_refused_before_allocating()
    {
        var file = WithFooter(ValidFile(), m =>
        {
            m.RowGroups[0].NumRows = long.MaxValue / 2;
            foreach (var c in m.RowGroups[0].Columns) c.MetaData!.NumValues = long.MaxValue / 2;
        });
        Assert.Contains("rows", ReadFails(file).Message);
    }

    [Fact]
    public void Corrupt_page_bytes_are_reported_with_file_column_and_offset()
    {
        var file = ValidFile(CompressionCodec.Uncompressed);
        using var reader = ParquetFileReader.Open(file);
        var meta = reader.Metadata.RowGroups[0].Columns[0].MetaData!;
        // Overwrite the first page's header with garbage.
        for (var i = 0; i < 6; i++) file[meta.DataPageOffset + i] = 0xFF;
        var e = ReadFails(file, "trades.parquet");
        Assert.Equal("trades.parquet", e.FilePath);
        Assert.Equal("ts_us", e.Column);
        Assert.Equal(meta.DataPageOffset, e.Offset);
        Assert.Contains("trades.parquet, column ts_us, offset", e.Message);
    }

    [Fact]
    public void Nested_columns_are_refused_with_a_clear_message()
    {
        var file = WithFooter(ValidFile(), m =>
        {
            m.Schema[0].NumChildren = m.Schema.Count - 1;
            m.Schema.Insert(1, new SchemaElement { Name = "quote", NumChildren = 0, RepetitionType = FieldRepetitionType.Optional });
            m.Schema[0].NumChildren = m.Schema.Count - 1;
        });
        var e = ReadFails(file);
        Assert.Contains("nested column 'quote'", e.Message);
    }

    [Fact]
    public void A_declared_row_total_that_disagrees_with_the_row_groups_is_refused()
    {
        var file = WithFooter(ValidFile(), m => m.NumRows += 1);
        Assert.Contains("row groups hold", ReadFails(file).Message);
    }
}
