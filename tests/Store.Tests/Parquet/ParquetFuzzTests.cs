using System.Buffers.Binary;
using System.Diagnostics;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Metadata;
using Xunit.Abstractions;

namespace Archiver.Store.Tests.Parquet;

/// <summary>
/// Mutates valid files (bit flips, overwritten lengths, truncations, splices) for a bounded time and reads each
/// mutant completely. The only failure allowed is a <see cref="ParquetFormatException"/> that is not merely wrapping a
/// decoder's index, argument or overflow error (a bug caught by the reader's safety net); a hang, a crash or any other exception fails with the seed to reproduce it.
/// </summary>
public sealed class ParquetFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("PARQUET_FUZZ_SECONDS"), out var s) ? s : 12);

    private static IEnumerable<(string Name, byte[] File)> Seeds()
    {
        var columns = SampleTables.AllTypesRows(600, seed: 3);
        var small = ParquetWriterOptions.Default with { MaxRowsPerPage = 150, MaxRowsPerRowGroup = 400 };
        yield return ("default-zstd", ParquetRoundTripTests.Write(SampleTables.AllTypes, columns, small));
        yield return ("compatible-snappy", ParquetRoundTripTests.Write(SampleTables.AllTypes, columns, ParquetWriterOptions.Compatible with { MaxRowsPerPage = 150 }));
        yield return ("plain-uncompressed", ParquetRoundTripTests.Write(SampleTables.AllTypes, columns, small with
        {
            Compression = CompressionCodec.Uncompressed, IntegerEncoding = ParquetEncoding.Plain, FloatingPointEncoding = ParquetEncoding.Plain,
        }));
        yield return ("delta-strings-lz4", ParquetRoundTripTests.Write(SampleTables.AllTypes, columns, small with
        {
            Compression = CompressionCodec.Lz4Raw,
            DictionaryForStrings = false,
            Columns = new Dictionary<string, ColumnWriteOptions>
            {
                ["symbol"] = new() { Encoding = ParquetEncoding.DeltaByteArray },
                ["note"] = new() { Encoding = ParquetEncoding.DeltaLengthByteArray },
            },
        }));
        yield return ("gzip-dictionary-numbers", ParquetRoundTripTests.Write(SampleTables.AllTypes, columns, small with { Compression = CompressionCodec.Gzip, DictionaryForNumbers = true }));
        yield return ("brotli-bss-ints", ParquetRoundTripTests.Write(SampleTables.AllTypes, columns, small with { Compression = CompressionCodec.Brotli, IntegerEncoding = ParquetEncoding.ByteStreamSplit }));
    }

    [Fact]
    public void Mutated_files_only_ever_raise_ParquetFormatException()
    {
        var seeds = Seeds().ToArray();
        var clock = Stopwatch.StartNew();
        var master = int.TryParse(Environment.GetEnvironmentVariable("PARQUET_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;
        output.WriteLine($"master seed {master} (set PARQUET_FUZZ_SEED to repeat)");
        var random = new Random(master);
        long mutants = 0, rejected = 0;
        while (clock.Elapsed < Budget)
        {
            var (name, file) = seeds[random.Next(seeds.Length)];
            var iterationSeed = random.Next();
            var mutant = Mutate(file, new Random(iterationSeed));
            mutants++;
            var started = clock.Elapsed;
            try
            {
                using var reader = ParquetFileReader.Open(mutant, name);
                for (var g = 0; g < reader.RowGroupCount; g++) reader.ReadRowGroup(g);
            }
            catch (ParquetFormatException e)
            {
                rejected++;
                var inner = e.InnerException;
                while (inner is ParquetFormatException) inner = inner.InnerException;
                var decoderBug = inner is IndexOutOfRangeException or ArgumentException or OverflowException or InvalidCastException
                    or InvalidOperationException or NullReferenceException;
                Assert.False(decoderBug, $"seed {name}/{iterationSeed}: a decoder failed with {inner?.GetType().Name}: {inner?.Message}\n{inner?.StackTrace}");
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {name}/{iterationSeed}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            var took = clock.Elapsed - started;
            Assert.True(took < TimeSpan.FromSeconds(3), $"seed {name}/{iterationSeed}: one mutant took {took.TotalSeconds:F1} s");
        }

        output.WriteLine($"{mutants} mutants in {clock.Elapsed.TotalSeconds:F1} s, {rejected} rejected with ParquetFormatException");
        Assert.True(mutants > 100, $"only {mutants} mutants were tried");
        Assert.True(rejected > mutants / 10, $"only {rejected} of {mutants} mutants were rejected: the mutations are too gentle");
    }

    private static byte[] Mutate(byte[] file, Random random)
    {
        var bytes = (byte[])file.Clone();
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var footerStart = bytes.Length - 8 - footerLength;
        // Aim half of the mutations at the footer, where lengths and offsets live.
        int Offset() => random.Next(2) == 0 && footerLength > 0 ? footerStart + random.Next(footerLength) : random.Next(bytes.Length);
        switch (random.Next(6))
        {
            case 0:
                for (var i = random.Next(1, 4); i > 0; i--) bytes[Offset()] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                for (var i = random.Next(1, 4); i > 0; i--) bytes[Offset()] = (byte)random.Next(256);
                return bytes;
            case 2:
            {
                var at = Math.Min(Offset(), bytes.Length - 4);
                uint[] extremes = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x00010000];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), extremes[random.Next(extremes.Length)]);
                return bytes;
            }

            case 3:
                return bytes[..random.Next(bytes.Length)];
            case 4:
            {
                var at = Offset();
                var length = Math.Min(random.Next(1, 64), bytes.Length - at);
                return [.. bytes[..at], .. bytes[(at + length)..]];
            }

            default:
            {
                var at = Offset();
                var insert = new byte[random.Next(1, 16)];
                random.NextBytes(insert);
                return [.. bytes[..at], .. insert, .. bytes[at..]];
            }
        }
    }
}
