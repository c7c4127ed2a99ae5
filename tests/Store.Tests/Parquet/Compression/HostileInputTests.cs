using System.Diagnostics;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Compression;
using Archiver.Store.Parquet.IO;
using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Tests.Parquet.Compression;

public class HostileInputTests
{
    private const int Guard = 64;
    private const byte GuardByte = 0xCC;

    public static TheoryData<CompressionCodec> Codecs() => new(
        CompressionCodec.Snappy, CompressionCodec.Gzip, CompressionCodec.Brotli, CompressionCodec.Zstd,
        CompressionCodec.Lz4Raw, CompressionCodec.Lz4);

    /// <summary>Ticks followed by random bytes and a run, so the stream holds literals, matches and long lengths.</summary>
    private static byte[] Sample()
    {
        byte[] sample = [.. CompressionTestData.Ticks(6000, 11), .. CompressionTestData.Random(700, 12), .. new byte[1300]];
        return sample;
    }

    private static byte[] CompressSample(CompressionCodec codec, byte[] sample)
    {
        using var writer = new PooledBufferWriter();
        PageCompression.Compress(codec, sample, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes into the middle of a guarded buffer. Returns true on success; false on a format error. Any other
    /// exception fails the test, as does a write outside the output span.
    /// </summary>
    private static bool TryDecode(CompressionCodec codec, byte[] input, int outputLength, byte[] scratch)
    {
        var region = scratch.AsSpan(0, outputLength + (2 * Guard));
        region.Fill(GuardByte);
        var ok = true;
        try
        {
            PageCompression.Decompress(codec, input, region.Slice(Guard, outputLength));
        }
        catch (ParquetFormatException)
        {
            ok = false;
        }

        Assert.True(region[..Guard].IndexOfAnyExcept(GuardByte) < 0, "wrote before the output span");
        Assert.True(region[(Guard + outputLength)..].IndexOfAnyExcept(GuardByte) < 0, "wrote after the output span");
        return ok;
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_truncation_is_a_format_error_or_the_exact_original(CompressionCodec codec)
    {
        var sample = Sample();
        var compressed = CompressSample(codec, sample);
        var scratch = new byte[sample.Length + (2 * Guard)];
        var rejected = 0;
        for (var length = 0; length < compressed.Length; length++)
        {
            if (TryDecode(codec, compressed[..length], sample.Length, scratch))
            {
                Assert.Equal(sample, scratch.AsSpan(Guard, sample.Length).ToArray());
            }
            else
            {
                rejected++;
            }
        }

        // The BCL inflater does not insist on the gzip trailer (CRC and size, 8 bytes) nor on the final empty deflate
        // block, so a gzip stream cut there still yields every byte, correctly. The other codecs need every byte.
        var tolerated = codec == CompressionCodec.Gzip ? 12 : 0;
        Assert.True(rejected >= compressed.Length - tolerated, $"{rejected} of {compressed.Length} truncations rejected");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Seeded_mutations_only_ever_fail_with_a_format_error(CompressionCodec codec)
    {
        var sample = Sample();
        var compressed = CompressSample(codec, sample);
        var scratch = new byte[sample.Length + 64 + (2 * Guard)];
        var random = new Random(1234 + (int)codec);
        var clock = Stopwatch.StartNew();
        var iterations = 0;
        var rejected = 0;
        while (iterations < 20_000 && clock.ElapsedMilliseconds < 2500)
        {
            iterations++;
            var mutated = (byte[])compressed.Clone();
            var edits = random.Next(1, 5);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(mutated.Length);
                mutated[at] = random.Next(4) switch
                {
                    0 => (byte)random.Next(256),
                    1 => 0xFF,
                    2 => 0,
                    _ => (byte)(mutated[at] ^ (1 << random.Next(8))),
                };
            }

            var outputLength = random.Next(8) == 0 ? Math.Max(0, sample.Length + random.Next(-40, 41)) : sample.Length;
            if (!TryDecode(codec, mutated, outputLength, scratch)) rejected++;
        }

        Assert.True(iterations >= 200, $"only {iterations} iterations ran");
        Assert.True(rejected > 0, "no mutation was rejected");
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Random_bytes_as_input_only_ever_fail_with_a_format_error(CompressionCodec codec)
    {
        var random = new Random(99);
        var scratch = new byte[4096 + (2 * Guard)];
        for (var i = 0; i < 2000; i++)
        {
            var input = CompressionTestData.Random(random.Next(0, 200), i);
            TryDecode(codec, input, random.Next(0, 4096), scratch);
        }
    }
}
