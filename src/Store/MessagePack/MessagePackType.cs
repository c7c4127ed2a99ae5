namespace Archiver.Store.MessagePack;

/// <summary>The MessagePack format families. <see cref="String"/> (str) and <see cref="Binary"/> (bin) are kept apart.</summary>
public enum MessagePackType
{
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,

    /// <summary>An ext or fixext value; readers reject it.</summary>
    Extension,
}
