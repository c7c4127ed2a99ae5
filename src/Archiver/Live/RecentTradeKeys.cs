using Archiver.Feeds.Collections;

namespace Archiver.Cli.Live;

/// <summary>
/// The last <see cref="Capacity"/> trade keys of one symbol, so a trade delivered twice is stored once, exactly as the
/// archive keeps it: the hour close drops a trade whose exchange time and id hash it already holds in the same hourly
/// file, so the key is (exchange time, id hash, receive hour): a trade repeated in the next receive hour is in two
/// files, and ingest stores it twice, so the live store does too. Oldest keys are evicted first.
/// </summary>
/// <remarks>
/// <para>Each key is remembered as one 64-bit fingerprint of its three parts, in a <see cref="BoundedKeySet{TKey}"/>
/// (flat arrays allocated once, 16 bytes per key: the fingerprint and two index slots). Two different trades share a
/// fingerprint with probability 2^-64 per pair, so with <see cref="DefaultCapacity"/> keys remembered a distinct trade
/// is mistaken for a duplicate about once in 4·10^15 trades (the id was already reduced to a 64-bit hash before); the
/// archive, which compares the ids themselves, keeps it either way.</para>
/// <para>Why <see cref="DefaultCapacity"/> keys: the duplicates that reach the writer are trades an exchange sends again
/// after a reconnect or resubscribe (Hyperliquid's subscribe backfill re-sends about 30, and its feed handler already
/// drops the ones it remembers among the last 4,096 per coin), or the overlap of a connection replaced before its 24 h
/// limit. Its stream delivers nothing new for that symbol in between, so a repeat follows its original within the few
/// trades of a backfill; the same 4,096 keys the Hyperliquid handler keeps per coin cover that with room to spare.
/// It was 16,384 keys of 24 bytes plus two 4-byte index slots (32 bytes each, 512 KB per symbol, 150 MB for 300
/// symbols, touched page by page as the rings filled, so the process kept growing for minutes); now it is 64 KB per
/// symbol, and a lookup touches 8-byte entries instead of 24-byte tuples spread over 512 KB.</para>
/// </remarks>
internal sealed class RecentTradeKeys
{
    /// <summary>Keys remembered per symbol by the live writer.</summary>
    public const int DefaultCapacity = 4096;

    private const long MicrosPerHour = 3_600_000_000L;

    private readonly BoundedKeySet<ulong> _keys;

    public RecentTradeKeys(int capacity) => _keys = new BoundedKeySet<ulong>(capacity);

    /// <summary>How many keys are remembered at most (the capacity asked for, rounded up to a power of two).</summary>
    public int Capacity => _keys.Capacity;

    /// <summary>Remembers the key of a trade; false when it is already remembered (a duplicate). Evicts the oldest key when full.</summary>
    public bool Add(long exchangeMicros, ulong idHash, long receiveMicros)
    {
        var hour = (receiveMicros / MicrosPerHour) - (receiveMicros % MicrosPerHour < 0 ? 1 : 0);
        return _keys.TryAdd(Fingerprint(exchangeMicros, idHash, hour));
    }

    /// <summary>One 64-bit value standing for (exchange time, id hash, receive hour): each part mixed in turn with a multiply-xorshift step.</summary>
    internal static ulong Fingerprint(long exchangeMicros, ulong idHash, long hour)
    {
        var h = Mix(idHash ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)exchangeMicros);
        return Mix(h ^ (ulong)hour);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 29;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 32);
    }
}
