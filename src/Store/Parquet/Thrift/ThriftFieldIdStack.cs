using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.Thrift;

/// <summary>
/// Fixed storage for the last field id of each enclosing struct, so that nested structs can resume their field-id
/// deltas without a heap-allocated stack. One slot per nesting level up to <see cref="ParquetLimits.MaxThriftDepth"/>.
/// </summary>
[InlineArray(ParquetLimits.MaxThriftDepth)]
internal struct ThriftFieldIdStack
{
    private short _first;
}
