namespace Archiver.Store.Tests.Parquet.Compression;

/// <summary>Deterministic inputs shared by the compression tests.</summary>
internal static class CompressionTestData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Long runs of a few repeated patterns: compresses by orders of magnitude.</summary>
    public static byte[] Repetitive(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)((i / 4096) % 3 == 0 ? 'A' : "abcdefgh"[i % 8]);
        return bytes;
    }

    /// <summary>
    /// What a page of market ticks looks like after PLAIN encoding: half little-endian int64 timestamps rising by
    /// small random steps, half float64 prices doing a two-decimal random walk.
    /// </summary>
    public static byte[] Ticks(int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        var half = length / 2 / 8 * 8;
        var timestamp = 1_700_000_000_000_000L;
        for (var i = 0; i + 8 <= half; i += 8)
        {
            timestamp += random.Next(0, 5000) * 1000L;
            BitConverter.TryWriteBytes(bytes.AsSpan(i), timestamp);
        }

        var price = 101.25;
        for (var i = half; i + 8 <= length; i += 8)
        {
            price += (random.Next(0, 5) - 2) * 0.01;
            BitConverter.TryWriteBytes(bytes.AsSpan(i), Math.Round(price, 2));
        }

        return bytes;
    }

    public static byte[] ByKind(string kind) => kind switch
    {
        "empty" => [],
        "one byte" => [0x5A],
        "random 1 MB" => Random(1 << 20, 17),
        "repetitive 1 MB" => Repetitive(1 << 20),
        "ticks 1 MB" => Ticks(1 << 20, 23),
        "ticks 100 KB odd length" => Ticks(100_003, 29),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static readonly string[] Kinds = ["empty", "one byte", "random 1 MB", "repetitive 1 MB", "ticks 1 MB", "ticks 100 KB odd length"];
}
