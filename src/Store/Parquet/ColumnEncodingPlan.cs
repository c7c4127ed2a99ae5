using Archiver.Store.Parquet.Metadata;

namespace Archiver.Store.Parquet;

/// <summary>
/// How a column is encoded: <see cref="Dictionary"/> first (RLE_DICTIONARY) and <see cref="Encoding"/> for its data
/// pages otherwise or after a dictionary fallback; or, when <see cref="Candidates"/> is set, chosen per column chunk by
/// trial compression of the first page among those encodings.
/// </summary>
public readonly record struct ColumnEncodingPlan(bool Dictionary, ParquetEncoding Encoding, IReadOnlyList<ParquetEncoding>? Candidates)
{
    /// <summary>Whether the writer chooses the encoding by trial.</summary>
    public bool IsAdaptive => Candidates is not null;
}
