using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>
/// Reads and writes the two thrift messages of a Parquet file: the footer (<see cref="FileMetaData"/>) and the page
/// headers (<see cref="PageHeader"/>), in the thrift compact protocol. Malformed input throws
/// <see cref="ParquetFormatException"/> with the byte position relative to the given span.
/// </summary>
public static class ParquetMetadataCodec
{
    // One encoder per thread, reused for every message, so writing a page header allocates nothing.
    [ThreadStatic]
    private static ThriftCompactWriter? t_writer;

    /// <summary>Decodes a footer. Bytes after the end of the struct are ignored.</summary>
    public static FileMetaData ReadFileMetaData(ReadOnlySpan<byte> footer)
    {
        if (footer.Length > ParquetLimits.MaxFooterBytes)
        {
            throw new ParquetFormatException(
                $"footer of {footer.Length} bytes exceeds the limit of {ParquetLimits.MaxFooterBytes} bytes");
        }

        var reader = new ThriftCompactReader(footer);
        return FileMetaData.Read(ref reader);
    }

    /// <summary>Appends the encoded footer (without the length and magic that follow it in a file).</summary>
    public static void WriteFileMetaData(FileMetaData metadata, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(output);
        var writer = Rent(output);
        try
        {
            metadata.Write(writer);
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>
    /// Decodes the page header at the start of <paramref name="input"/>; <paramref name="bytesConsumed"/> is its
    /// encoded length, i.e. where the page data starts. Page sizes above <see cref="ParquetLimits.MaxPageBytes"/>
    /// are rejected.
    /// </summary>
    public static PageHeader ReadPageHeader(ReadOnlySpan<byte> input, out int bytesConsumed)
    {
        var reader = new ThriftCompactReader(input);
        var header = PageHeader.Read(ref reader);
        if (header.CompressedPageSize > ParquetLimits.MaxPageBytes || header.UncompressedPageSize > ParquetLimits.MaxPageBytes)
        {
            throw new ParquetFormatException(
                $"page size {Math.Max(header.CompressedPageSize, header.UncompressedPageSize)} exceeds the limit of " +
                $"{ParquetLimits.MaxPageBytes} bytes (page header ending at byte {reader.Position})");
        }

        bytesConsumed = reader.Position;
        return header;
    }

    /// <summary>Appends the encoded page header.</summary>
    public static void WritePageHeader(PageHeader header, PooledBufferWriter output)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(output);
        var writer = Rent(output);
        try
        {
            header.Write(writer);
        }
        finally
        {
            Return(writer);
        }
    }

    private static ThriftCompactWriter Rent(PooledBufferWriter output)
    {
        var writer = t_writer ?? new ThriftCompactWriter();
        t_writer = null;
        writer.Reset(output);
        return writer;
    }

    private static void Return(ThriftCompactWriter writer)
    {
        writer.Reset(null);
        t_writer = writer;
    }
}
