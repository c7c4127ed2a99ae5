using System.Globalization;
using System.Text;

namespace Archiver.Store.Tests.MessagePack;

/// <summary>Builds expected byte strings from hex (<see cref="Hex"/>) and ASCII text (<see cref="Text"/>) pieces.</summary>
internal static class WireBytes
{
    public static byte[] Hex(string hex)
    {
        var digits = hex.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        var bytes = new byte[digits.Length / 2];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = byte.Parse(digits.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return bytes;
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A fixstr/str8 as written by any MessagePack encoder: header then the UTF-8 bytes.</summary>
    public static byte[] Str(string text)
    {
        var b = Text(text);
        return b.Length <= 31 ? Concat([(byte)(0xa0 | b.Length)], b) : Concat([0xd9, (byte)b.Length], b);
    }

    /// <summary>The request PMS 0.22 sends for <c>Params('AAPL','1Min','OHLCV', start=1500000000, limit=1)</c> (127 bytes, contract §3.2).</summary>
    public static byte[] PmsQueryRequest => Concat(
        Hex("84"), Str("method"), Str("DataService.Query"), Str("id"), Str("1"), Str("jsonrpc"), Str("2.0"), Str("params"),
        Hex("81"), Str("requests"), Hex("91 83"), Str("destination"), Str("AAPL/1Min/OHLCV"), Str("epoch_start"), Hex("ce 59 68 2f 00"),
        Str("limit_record_count"), Hex("01"));

    /// <summary>The reply to <see cref="PmsQueryRequest"/> with one row (Epoch i8, Close f4 = 1.5), version "" (251 bytes, contract §3.2).</summary>
    public static byte[] PmsQueryReply => Concat(
        Hex("83"), Str("jsonrpc"), Str("2.0"), Str("result"), Hex("83"),
        Str("responses"), Hex("91 81"), Str("result"), Hex("86"),
        Str("types"), Hex("92"), Str("i8"), Str("f4"), Str("names"), Hex("92"), Str("Epoch"), Str("Close"),
        Str("data"), Hex("92 c4 08 00 2f 68 59 00 00 00 00 c4 04 00 00 c0 3f"),
        Str("length"), Hex("01"),
        Str("startindex"), Hex("81"), Str("AAPL/1Min/OHLCV:Symbol/Timeframe/AttributeGroup"), Hex("00"),
        Str("lengths"), Hex("81"), Str("AAPL/1Min/OHLCV:Symbol/Timeframe/AttributeGroup"), Hex("01"),
        Str("version"), Hex("a0"), Str("timezone"), Str("UTC"),
        Str("id"), Str("1"));
}
