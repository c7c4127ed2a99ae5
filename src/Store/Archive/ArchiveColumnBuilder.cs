using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Archive;

/// <summary>
/// Collects one column of a multi-file load: appends the selected rows of each row group read into one growing array
/// (sized up front from the footers, so it normally never grows), can reorder the rows, and hands the result out as a
/// <see cref="ColumnData"/> without a further copy.
/// </summary>
internal abstract class ArchiveColumnBuilder
{
    private bool[]? _present;

    protected ArchiveColumnBuilder(ParquetField field) => Field = field;

    /// <summary>The column as the first file declares it (made nullable when a later file has nulls).</summary>
    public ParquetField Field { get; private set; }

    /// <summary>Rows appended so far.</summary>
    public int Count { get; protected set; }

    public static ArchiveColumnBuilder Create(ParquetField field, int capacity) => field.PhysicalType switch
    {
        PhysicalType.Boolean => new Fixed<bool>(field, capacity),
        PhysicalType.Int32 => new Fixed<int>(field, capacity),
        PhysicalType.Int64 or PhysicalType.Int96 => new Fixed<long>(field, capacity),
        PhysicalType.Float => new Fixed<float>(field, capacity),
        PhysicalType.Double => new Fixed<double>(field, capacity),
        _ => new Binary(field, capacity),
    };

    /// <summary>Appends rows <paramref name="rows"/> (all rows when null) of <paramref name="part"/>.</summary>
    public void Append(ColumnData part, ReadOnlySpan<int> rows, bool allRows)
    {
        var added = allRows ? part.Count : rows.Length;
        if ((long)Count + added > Array.MaxLength)
            throw new InvalidOperationException($"The range holds more than {Array.MaxLength:N0} rows; load a shorter range.");
        if (part.Field.IsNullable && !Field.IsNullable) Field = Field.AsNullable();
        AppendPresence(part, rows, allRows, added);
        AppendValues(part, rows, allRows);
        Count += added;
    }

    /// <summary>Puts the rows in <paramref name="order"/> (row i of the result is row order[i] of the current rows).</summary>
    public void Reorder(int[] order)
    {
        if (_present is not null)
        {
            var present = new bool[Count];
            for (var i = 0; i < Count; i++) present[i] = _present[order[i]];
            _present = present;
        }

        ReorderValues(order);
    }

    /// <summary>The collected column.</summary>
    public abstract ColumnData Build();

    /// <summary>Presence flags for the rows, or null when every row has a value.</summary>
    protected bool[]? Present => _present;

    /// <summary>Capacity of the value array, for the presence array to match.</summary>
    protected abstract int Capacity { get; }

    protected abstract void AppendValues(ColumnData part, ReadOnlySpan<int> rows, bool allRows);

    protected abstract void ReorderValues(int[] order);

    private void AppendPresence(ColumnData part, ReadOnlySpan<int> rows, bool allRows, int added)
    {
        if (part.Present is null && _present is null) return;
        if (_present is null || _present.Length < Count + added)
        {
            var grown = new bool[Math.Max(Capacity, Count + added)];
            if (_present is null) grown.AsSpan(0, Count).Fill(true);
            else _present.AsSpan(0, Count).CopyTo(grown);
            _present = grown;
        }

        var target = _present.AsSpan(Count, added);
        if (part.Present is null) target.Fill(true);
        else if (allRows) part.Present.AsSpan(0, added).CopyTo(target);
        else
            for (var i = 0; i < rows.Length; i++) target[i] = part.Present[rows[i]];
    }

    /// <summary>Keeps the presence array as long as the value array when the values grow.</summary>
    protected void GrowPresence(int capacity)
    {
        if (_present is not null && _present.Length < capacity) Array.Resize(ref _present, capacity);
    }

    private static int Grow(int current, int needed) => (int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(16L, current * 2L)));

    private sealed class Fixed<T> : ArchiveColumnBuilder
        where T : unmanaged
    {
        private T[] _values;

        public Fixed(ParquetField field, int capacity)
            : base(field) => _values = new T[capacity];

        /// <summary>The values so far (only the first <see cref="Count"/> belong to the column).</summary>
        public T[] Values => _values;

        protected override int Capacity => _values.Length;

        protected override void AppendValues(ColumnData part, ReadOnlySpan<int> rows, bool allRows)
        {
            var source = ((ColumnData<T>)part).Span;
            var added = allRows ? source.Length : rows.Length;
            if (Count + added > _values.Length)
            {
                Array.Resize(ref _values, Grow(_values.Length, Count + added));
                GrowPresence(_values.Length);
            }

            if (allRows)
            {
                source.CopyTo(_values.AsSpan(Count));
                return;
            }

            var target = _values.AsSpan(Count, added);
            for (var i = 0; i < rows.Length; i++) target[i] = source[rows[i]];
        }

        protected override void ReorderValues(int[] order)
        {
            var values = new T[Count];
            for (var i = 0; i < Count; i++) values[i] = _values[order[i]];
            _values = values;
        }

        public override ColumnData Build()
        {
            // Trim only when most of the array would be wasted; normally the footers sized it exactly.
            var values = _values.Length - Count > Math.Max(1024, Count / 4) ? _values.AsSpan(0, Count).ToArray() : _values;
            var present = Present;
            if (present is not null && present.Length > values.Length) present = present.AsSpan(0, values.Length).ToArray();
            return new ColumnData<T>(Field, values, Count, present);
        }
    }

    private sealed class Binary : ArchiveColumnBuilder
    {
        private BinaryValueBuilder _values;
        private int _capacity;

        public Binary(ParquetField field, int capacity)
            : base(field)
        {
            _capacity = capacity;
            _values = new BinaryValueBuilder(capacity, Math.Max(4096, capacity * 8));
        }

        protected override int Capacity => _capacity;

        protected override void AppendValues(ColumnData part, ReadOnlySpan<int> rows, bool allRows)
        {
            var source = ((BinaryColumnData)part).Values;
            var added = allRows ? source.Count : rows.Length;
            if (Count + added > _capacity)
            {
                _capacity = Grow(_capacity, Count + added);
                GrowPresence(_capacity);
            }

            if (allRows)
            {
                _values.Reserve(added, source.Offsets[added] - source.Offsets[0]);
                for (var i = 0; i < added; i++) _values.Add(source[i]);
                return;
            }

            foreach (var row in rows) _values.Add(source[row]);
        }

        protected override void ReorderValues(int[] order)
        {
            var reordered = new BinaryValueBuilder(Count, _values.ByteLength);
            for (var i = 0; i < Count; i++) reordered.Add(_values[order[i]]);
            _values = reordered;
            _capacity = Count;
        }

        public override ColumnData Build()
        {
            var present = Present;
            if (present is not null && present.Length > Count) present = present.AsSpan(0, Count).ToArray();
            return new BinaryColumnData(Field, _values.Detach(), present);
        }
    }

    /// <summary>The value array of a 64-bit column (the first <see cref="Count"/> entries are its rows), e.g. the sort key.</summary>
    public static long[] Int64Values(ArchiveColumnBuilder builder) => ((Fixed<long>)builder).Values;
}
