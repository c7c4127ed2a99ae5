using System.Runtime.InteropServices;
using Archiver.Store.Buckets;

namespace Archiver.Store.Ingest;

/// <summary>
/// Reusable columnar rows of one variable bucket while a file is ingested: the time (Unix nanoseconds) and each
/// element column as packed little-endian bytes. Grows to the largest file seen and is then reused, so steady-state
/// ingest allocates nothing per row.
/// </summary>
internal sealed class TickRows
{
    private readonly ColumnSpec[] _elements;
    private long[] _time = [];
    private byte[][] _columns;

    public TickRows(IReadOnlyList<ColumnSpec> elements)
    {
        _elements = [.. elements];
        _columns = new byte[_elements.Length][];
        for (var i = 0; i < _columns.Length; i++) _columns[i] = [];
        ReceiveColumn = Array.FindIndex(_elements, e => e.Name == IngestSchemas.ReceiveMicros);
        if (ReceiveColumn < 0 || _elements[ReceiveColumn].Type != ColumnType.I8)
            throw new ArgumentException("tick rows need an i8 ReceiveMicros column", nameof(elements));
    }

    public IReadOnlyList<ColumnSpec> Elements => _elements;

    /// <summary>Index of the ReceiveMicros element.</summary>
    public int ReceiveColumn { get; }

    public int Count { get; private set; }

    /// <summary>Empties the rows and makes room for <paramref name="capacity"/> (keeping the buffers when large enough).</summary>
    public void Reset(int capacity)
    {
        Count = 0;
        Reserve(capacity);
    }

    /// <summary>Makes room for <paramref name="capacity"/> rows in total, keeping the rows so far.</summary>
    public void Reserve(int capacity)
    {
        if (_time.Length >= capacity) return;
        var grown = Math.Max(capacity, (int)Math.Min(Array.MaxLength, _time.Length * 2L));
        Array.Resize(ref _time, grown);
        for (var i = 0; i < _columns.Length; i++) Array.Resize(ref _columns[i], grown * _elements[i].Type.Size());
    }

    /// <summary>Declares <paramref name="rows"/> more rows filled in (after writing them through the spans).</summary>
    public void Advance(int rows) => Count += rows;

    /// <summary>Time of every row the buffer can hold (the first <see cref="Count"/> are rows).</summary>
    public Span<long> TimeBuffer => _time;

    /// <summary>The rows' times.</summary>
    public ReadOnlySpan<long> Time => _time.AsSpan(0, Count);

    /// <summary>Element column <paramref name="column"/> over the whole buffer, typed.</summary>
    public Span<T> Buffer<T>(int column) where T : unmanaged => MemoryMarshal.Cast<byte, T>(_columns[column].AsSpan());

    /// <summary>Element column <paramref name="column"/> of the rows, typed.</summary>
    public ReadOnlySpan<T> Values<T>(int column) where T : unmanaged => Buffer<T>(column)[..Count];

    /// <summary>Element column <paramref name="column"/> of the rows as bytes.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => _columns[column].AsSpan(0, Count * _elements[column].Type.Size());

    /// <summary>The rows' receive times.</summary>
    public ReadOnlySpan<long> Receive => Values<long>(ReceiveColumn);
}
