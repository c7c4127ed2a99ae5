namespace Archiver.Feeds.Bybit;

/// <summary>
/// One side of a book: (key, size) levels in ascending key order in two fixed arrays, updated in place with a binary
/// search. Asks use the price as key and bids its negation, so both sides are "best first" with one code path.
/// </summary>
internal sealed class SortedLevels
{
    private readonly double[] _keys;
    private readonly double[] _sizes;
    private int _count;

    public SortedLevels(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _keys = new double[capacity];
        _sizes = new double[capacity];
    }

    public int Count => _count;

    public int Capacity => _keys.Length;

    public double KeyAt(int index) => _keys[index];

    public double SizeAt(int index) => _sizes[index];

    public void Clear() => _count = 0;

    /// <summary>
    /// Sets the size at <paramref name="key"/>: a zero size deletes the level (an unknown key is then ignored), an
    /// unknown key is inserted, a known one replaced. Returns false when the side was full and the worst level (the new
    /// one, or the one it pushed out) had to be dropped.
    /// </summary>
    public bool Set(double key, double size)
    {
        var index = _keys.AsSpan(0, _count).BinarySearch(key);
        if (index >= 0)
        {
            if (size == 0)
            {
                _keys.AsSpan(index + 1, _count - index - 1).CopyTo(_keys.AsSpan(index));
                _sizes.AsSpan(index + 1, _count - index - 1).CopyTo(_sizes.AsSpan(index));
                _count--;
            }
            else
            {
                _sizes[index] = size;
            }

            return true;
        }

        if (size == 0) return true;
        index = ~index;
        var kept = true;
        if (_count == _keys.Length)
        {
            if (index == _count) return false;
            _count--;
            kept = false;
        }

        _keys.AsSpan(index, _count - index).CopyTo(_keys.AsSpan(index + 1));
        _sizes.AsSpan(index, _count - index).CopyTo(_sizes.AsSpan(index + 1));
        _keys[index] = key;
        _sizes[index] = size;
        _count++;
        return kept;
    }

    /// <summary>Drops the levels beyond the best <paramref name="levels"/>; returns how many were dropped.</summary>
    public int TrimTo(int levels)
    {
        if (_count <= levels) return 0;
        var dropped = _count - levels;
        _count = levels;
        return dropped;
    }
}
