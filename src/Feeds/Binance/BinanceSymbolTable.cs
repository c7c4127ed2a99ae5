using System.Text;

namespace Archiver.Feeds.Binance;

/// <summary>
/// Maps the UTF-8 bytes of a payload's <c>s</c> field to the index of a configured symbol, without allocating:
/// an open-addressed table over FNV-1a hashes, each hit confirmed by a byte comparison.
/// </summary>
internal sealed class BinanceSymbolTable
{
    private readonly byte[][] _names;
    private readonly int[] _slots;
    private readonly int _mask;

    /// <param name="symbols">Distinct symbols; the exchange spells them in upper case, so they are matched in upper case.</param>
    public BinanceSymbolTable(IReadOnlyList<string> symbols)
    {
        _names = new byte[symbols.Count][];
        var size = 4;
        while (size < symbols.Count * 2) size *= 2;
        _slots = new int[size];
        _mask = size - 1;
        Array.Fill(_slots, -1);
        for (var index = 0; index < symbols.Count; index++)
        {
            var name = Encoding.UTF8.GetBytes(symbols[index].ToUpperInvariant());
            _names[index] = name;
            var slot = (int)(Hash(name) & (uint)_mask);
            while (_slots[slot] >= 0) slot = (slot + 1) & _mask;
            _slots[slot] = index;
        }
    }

    /// <summary>The index of the symbol spelled by <paramref name="utf8"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> utf8)
    {
        var slot = (int)(Hash(utf8) & (uint)_mask);
        while (true)
        {
            var index = _slots[slot];
            if (index < 0) return -1;
            if (utf8.SequenceEqual(_names[index])) return index;
            slot = (slot + 1) & _mask;
        }
    }

    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = 2166136261u;
        foreach (var b in utf8) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
