namespace Archiver.Store.Parquet.Schema;

/// <summary>
/// A flat schema: an ordered list of uniquely named columns. Nested types (groups, lists, maps) are not modelled; the
/// reader refuses files that contain them with a <see cref="ParquetFormatException"/>.
/// </summary>
public sealed class ParquetSchema
{
    private readonly Dictionary<string, int> _indexByName;

    public ParquetSchema(IEnumerable<ParquetField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields.ToArray();
        if (Fields.Count == 0) throw new ArgumentException("A schema needs at least one column.", nameof(fields));
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Fields.Count; i++)
        {
            var f = Fields[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(fields));
            if (!_indexByName.TryAdd(f.Name, i))
                throw new ArgumentException($"Column name '{f.Name}' appears twice.", nameof(fields));
            if (f.PhysicalType == Metadata.PhysicalType.FixedLenByteArray && f.TypeLength <= 0)
                throw new ArgumentException($"Column '{f.Name}': FIXED_LEN_BYTE_ARRAY needs a positive length.", nameof(fields));
        }
    }

    public ParquetSchema(params ParquetField[] fields)
        : this((IEnumerable<ParquetField>)fields)
    {
    }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<ParquetField> Fields { get; }

    /// <summary>Column <paramref name="index"/>.</summary>
    public ParquetField this[int index] => Fields[index];

    /// <summary>Index of the column called <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var i) ? i : -1;

    public override string ToString() => string.Join(Environment.NewLine, Fields);
}
