namespace Archiver.Store.Buckets;

/// <summary>Type strings and sizes of <see cref="ColumnType"/>.</summary>
public static class ColumnTypes
{
    private static readonly string[] Names = ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "U16"];
    private static readonly int[] Sizes = [1, 2, 4, 8, 1, 2, 4, 8, 4, 8, 64];

    /// <summary>The type string on the wire (<c>i8</c>, <c>f4</c>, <c>U16</c>).</summary>
    public static string ToTypeString(this ColumnType type) => Names[(int)type];

    /// <summary>Bytes per value.</summary>
    public static int Size(this ColumnType type) => Sizes[(int)type];

    /// <summary>Whether the type is a number (everything but <see cref="ColumnType.U16"/>).</summary>
    public static bool IsNumeric(this ColumnType type) => type != ColumnType.U16;

    /// <summary>Parses a type string exactly as MarketStore spells it; a leading <c>&lt;</c> or <c>|</c> is accepted.</summary>
    public static bool TryParse(string? text, out ColumnType type)
    {
        type = default;
        if (string.IsNullOrEmpty(text)) return false;
        var s = text[0] is '<' or '|' ? text[1..] : text;
        var i = Array.IndexOf(Names, s);
        if (i < 0) return false;
        type = (ColumnType)i;
        return true;
    }

    /// <summary>Parses a type string or throws <see cref="StoreException"/> with MarketStore's text.</summary>
    public static ColumnType Parse(string? text) =>
        TryParse(text, out var type) ? type : throw new StoreException($"unsupported type string {text}");
}
