using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Parquet.Metadata;

/// <summary>Reads one struct of type <typeparamref name="T"/> (a metadata class's static <c>Read</c>).</summary>
internal delegate T ThriftStructReader<T>(ref ThriftCompactReader reader);
