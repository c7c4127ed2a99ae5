namespace Archiver.Store.Buckets;

/// <summary>
/// The element types a bucket column can have: MarketStore's numpy-style type strings (little-endian, no byte-order
/// prefix). <see cref="U16"/> is numpy's <c>&lt;U16</c>: 16 UTF-32LE code points, NUL-padded, 64 bytes.
/// </summary>
public enum ColumnType : byte
{
    I1,
    I2,
    I4,
    I8,
    U1,
    U2,
    U4,
    U8,
    F4,
    F8,
    U16,
}
