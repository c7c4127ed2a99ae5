using System.Buffers.Binary;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// Parquet's deprecated LZ4 codec (5). Writers disagree on what it means; parquet-java wraps LZ4 blocks in Hadoop's
/// framing (big-endian uncompressed length, big-endian compressed length, block; repeated), while some older writers
/// stored a bare LZ4 block. Like Arrow, the reader tries the Hadoop framing first and falls back to a bare block when
/// the framing does not account for the input exactly. The writer emits one Hadoop frame.
/// </summary>
internal static class Lz4HadoopCodec
{
    private const int PrefixLength = 8;

    public static int MaxCompressedLength(int length) => checked(Lz4BlockCodec.MaxCompressedLength(length) + PrefixLength);

    public static int Compress(ReadOnlySpan<byte> input, PooledBufferWriter output)
    {
        var dest = output.GetSpan(MaxCompressedLength(input.Length));
        var blockLength = Lz4BlockCodec.Compress(input, dest[PrefixLength..]);
        BinaryPrimitives.WriteInt32BigEndian(dest, input.Length);
        BinaryPrimitives.WriteInt32BigEndian(dest[4..], blockLength);
        var written = blockLength + PrefixLength;
        output.Advance(written);
        return written;
    }

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (TryDecompressHadoop(input, output)) return;
        var written = Lz4BlockCodec.TryDecompress(input, output, out var error);
        if (error is not null) ParquetThrow.Corrupt("lz4 (neither Hadoop-framed nor a bare block): " + error);
        if (written != output.Length) ParquetThrow.Corrupt($"lz4: block produced {written} bytes, page header declares {output.Length}");
    }

    private static bool TryDecompressHadoop(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length < PrefixLength) return false;
        var produced = 0;
        while (input.Length >= PrefixLength)
        {
            var expectedOutput = BinaryPrimitives.ReadUInt32BigEndian(input);
            var expectedInput = BinaryPrimitives.ReadUInt32BigEndian(input[4..]);
            input = input[PrefixLength..];
            if (expectedInput > (uint)input.Length || expectedOutput > (uint)(output.Length - produced)) return false;
            var target = output.Slice(produced, (int)expectedOutput);
            var written = Lz4BlockCodec.TryDecompress(input[..(int)expectedInput], target, out var error);
            if (error is not null || written != (int)expectedOutput) return false;
            produced += written;
            input = input[(int)expectedInput..];
        }

        return input.IsEmpty && produced == output.Length;
    }
}
