namespace Archiver.Cli.Archiving;

/// <summary>A list of unmanaged values that can be handed out as an exact-size array, optionally permuted.</summary>
internal sealed class GrowableArray<T>
    where T : unmanaged
{
    private T[] _items = new T[1024];

    public int Count { get; private set; }

    public T this[int index] => _items[index];

    public void Add(T value)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = value;
    }

    public T[] ToArray(int[]? order)
    {
        var result = new T[Count];
        if (order is null) _items.AsSpan(0, Count).CopyTo(result);
        else
            for (var i = 0; i < order.Length; i++) result[i] = _items[order[i]];
        return result;
    }
}
