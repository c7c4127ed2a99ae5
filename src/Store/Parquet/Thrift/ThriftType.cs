namespace Archiver.Store.Parquet.Thrift;

/// <summary>
/// Value types of the thrift compact protocol, numbered as the compact wire format numbers them. Booleans have two
/// codes on the wire (1 = true, 2 = false in a field header); the reader reports both as <see cref="Bool"/>.
/// </summary>
internal enum ThriftType : byte
{
    /// <summary>End of a struct's fields (only meaningful in a field header).</summary>
    Stop = 0,

    /// <summary>Boolean: carried in the field header for fields, one byte as a list/set/map element.</summary>
    Bool = 1,

    I8 = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,

    /// <summary>Length-prefixed bytes; also used for strings.</summary>
    Binary = 8,

    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,

    /// <summary>Sixteen raw bytes.</summary>
    Uuid = 13,
}
