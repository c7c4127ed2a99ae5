using System.Diagnostics;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Tests.Parquet.Encodings;

/// <summary>Helpers shared by the encoding tests: byte capture, truncation and mutation loops.</summary>
internal static class EncodingTestSupport
{
    public static byte[] Capture(Action<PooledBufferWriter> write)
    {
        using var w = new PooledBufferWriter(16);
        write(w);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Runs <paramref name="decode"/>; succeeding or throwing ParquetFormatException pass, anything else fails.</summary>
    public static bool DecodesOrRejects(Action decode, string context)
    {
        try
        {
            decode();
            return true;
        }
        catch (ParquetFormatException)
        {
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{context}: expected ParquetFormatException, got {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    /// <summary>Every strict prefix of <paramref name="valid"/> must be rejected with ParquetFormatException.</summary>
    public static void EveryTruncationThrows(byte[] valid, Action<byte[]> decode)
    {
        for (var length = 0; length < valid.Length; length++)
        {
            var prefix = valid.AsSpan(0, length).ToArray();
            var ex = Record.Exception(() => decode(prefix));
            Assert.True(ex is ParquetFormatException, $"prefix of {length}/{valid.Length} bytes: got {ex?.GetType().Name ?? "no exception"}");
        }
    }

    /// <summary>
    /// A seeded loop of random byte changes, truncations and extensions of <paramref name="valid"/>, bounded to
    /// about two seconds: the decoder may succeed or throw ParquetFormatException, nothing else.
    /// </summary>
    public static int MutationsOnlyThrowFormatErrors(byte[] valid, Action<byte[]> decode, int seed = 12345)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var rejected = 0;
        for (var iteration = 0; iteration < 20_000 && clock.ElapsedMilliseconds < 2000; iteration++)
        {
            var bytes = valid.ToArray();
            var edits = random.Next(1, 5);
            for (var e = 0; e < edits; e++)
            {
                if (bytes.Length == 0) break;
                var at = random.Next(bytes.Length);
                bytes[at] = random.Next(4) switch
                {
                    0 => 0xFF,
                    1 => 0x00,
                    2 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                    _ => (byte)random.Next(256),
                };
            }

            switch (random.Next(6))
            {
                case 0:
                    bytes = bytes.AsSpan(0, random.Next(bytes.Length + 1)).ToArray();
                    break;
                case 1:
                    var longer = new byte[bytes.Length + random.Next(1, 16)];
                    random.NextBytes(longer);
                    bytes.CopyTo(longer, 0);
                    bytes = longer;
                    break;
            }

            var copy = bytes;
            if (!DecodesOrRejects(() => decode(copy), $"mutation {iteration} (seed {seed})")) rejected++;
        }

        Assert.True(rejected > 0, "the mutation loop never produced a rejected input");
        return rejected;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
