using System.IO.Compression;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// GZIP (RFC 1952) through the BCL's zlib. Compression streams straight into the page buffer; decompression reads
/// from the pinned input without copying it and inflates straight into the output span. Input without the gzip magic
/// is read as a zlib (RFC 1950) stream, which some writers produce for this codec.
/// </summary>
internal static unsafe class GzipCodec
{
    public const int DefaultLevel = 6;

    [ThreadStatic]
    private static BufferWriterStream? t_sink;

    public static int Compress(ReadOnlySpan<byte> input, PooledBufferWriter output, int level)
    {
        if (level == 0) level = DefaultLevel;
        level = Math.Clamp(level, 1, 9);
        var start = output.Length;
        var sink = t_sink ??= new BufferWriterStream();
        sink.Target = output;
        try
        {
            using var gzip = new GZipStream(sink, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
            gzip.Write(input);
        }
        finally
        {
            sink.Detach();
        }

        return output.Length - start;
    }

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty) ParquetThrow.Corrupt($"gzip: no data for a page of {output.Length} bytes");
        try
        {
            fixed (byte* src = input)
            {
                using var source = new UnmanagedMemoryStream(src, input.Length);
                var isGzip = input.Length >= 2 && input[0] == 0x1F && input[1] == 0x8B;
                using Stream inflater = isGzip
                    ? new GZipStream(source, CompressionMode.Decompress)
                    : new ZLibStream(source, CompressionMode.Decompress);
                var produced = 0;
                while (produced < output.Length)
                {
                    var n = inflater.Read(output[produced..]);
                    if (n == 0) break;
                    produced += n;
                }

                if (produced < output.Length) ParquetThrow.Corrupt($"gzip: data holds {produced} bytes, page header declares {output.Length}");
                Span<byte> probe = stackalloc byte[1];
                if (inflater.Read(probe) != 0) ParquetThrow.Corrupt($"gzip: data holds more than the {output.Length} bytes the page header declares");
            }
        }
        catch (InvalidDataException e)
        {
            throw new ParquetFormatException("gzip: " + e.Message, e);
        }
    }
}
