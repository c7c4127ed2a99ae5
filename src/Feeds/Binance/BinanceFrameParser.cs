using Archiver.Feeds.Parsing;
using System.Text.Json;

namespace Archiver.Feeds.Binance;

/// <summary>
/// Reads one complete Binance text frame into a <see cref="BinanceFrame"/> with a <see cref="Utf8JsonReader"/> over the
/// frame's bytes: field names are compared as UTF-8, numbers parsed from the raw bytes, nothing allocated. Accepts a
/// combined-stream wrapper (<c>{"stream":…,"data":{…}}</c>), a bare payload, and control replies. Unknown fields are
/// skipped. A frame that is not what Binance sends yields a short reason and the byte offset where reading stopped;
/// invalid JSON makes the reader throw <see cref="JsonException"/>, which the caller catches.
/// </summary>
internal static class BinanceFrameParser
{
    private const string Truncated = "frame ends early";

    /// <summary>Fills <paramref name="frame"/> from <paramref name="utf8"/>; on false, <paramref name="error"/> says why.</summary>
    /// <exception cref="JsonException">The frame is not valid JSON.</exception>
    public static bool TryParse(ReadOnlySpan<byte> utf8, BinanceFrame frame, BinanceSymbolTable symbols, out string? error, out long offset)
    {
        frame.Reset();
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        if (!reader.Read())
            error = "empty frame";
        else if (reader.TokenType != JsonTokenType.StartObject)
            error = "frame is not a JSON object";
        else
            error = ReadObject(ref reader, frame, symbols, topLevel: true) ?? (reader.Read() ? "data after the JSON object" : Classify(frame));

        offset = reader.TokenStartIndex;
        return error is null;
    }

    private static string? Classify(BinanceFrame frame)
    {
        if (frame.Has(BinanceFields.DepthEvent))
        {
            frame.Kind = BinanceFrameKind.Depth;
            return frame.Has(BinanceFields.DepthRequired) ? null : "depthUpdate lacks one of E, s, u, pu, b, a";
        }

        if (frame.Has(BinanceFields.TradeEvent))
        {
            frame.Kind = BinanceFrameKind.Trade;
            return frame.Has(BinanceFields.TradeRequired) ? null : "trade lacks one of E, T, s, t, p, q, m";
        }

        if (frame.Has(BinanceFields.OtherEvent)) return "unexpected event type";
        if (frame.Has(BinanceFields.Error))
        {
            frame.Kind = BinanceFrameKind.Error;
            return null;
        }

        if (frame.Has(BinanceFields.Result))
        {
            frame.Kind = BinanceFrameKind.Reply;
            return frame.Has(BinanceFields.RequestId) ? null : "reply without an id";
        }

        return "neither a payload nor a reply";
    }

    /// <summary>Reads the properties of the object whose start the reader is on, up to and including its end.</summary>
    private static string? ReadObject(ref Utf8JsonReader reader, BinanceFrame frame, BinanceSymbolTable symbols, bool topLevel)
    {
        while (true)
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType == JsonTokenType.EndObject) return null;

            var error = topLevel ? ReadWrapperProperty(ref reader, frame, symbols, out var handled) : ReadPayloadProperty(ref reader, frame, symbols, out handled);
            if (error is not null) return error;
            if (handled) continue;
            if (topLevel)
            {
                error = ReadPayloadProperty(ref reader, frame, symbols, out handled);
                if (error is not null) return error;
                if (handled) continue;
            }

            reader.Skip();
        }
    }

    private static string? ReadWrapperProperty(ref Utf8JsonReader reader, BinanceFrame frame, BinanceSymbolTable symbols, out bool handled)
    {
        handled = true;
        if (reader.ValueTextEquals("data"u8))
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType != JsonTokenType.StartObject) return "data is not an object";
            return ReadObject(ref reader, frame, symbols, topLevel: false);
        }

        if (reader.ValueTextEquals("stream"u8))
        {
            if (!reader.Read()) return Truncated;
            return reader.TokenType == JsonTokenType.String ? null : "stream is not a string";
        }

        if (reader.ValueTextEquals("id"u8))
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var id)) return "id is not an integer";
            frame.RequestId = id;
            frame.Fields |= BinanceFields.RequestId;
            return null;
        }

        if (reader.ValueTextEquals("result"u8))
        {
            if (!reader.Read()) return Truncated;
            frame.Fields |= reader.TokenType == JsonTokenType.Null ? BinanceFields.Result | BinanceFields.ResultIsNull : BinanceFields.Result;
            reader.Skip();
            return null;
        }

        if (reader.ValueTextEquals("error"u8))
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType != JsonTokenType.StartObject) return "error is not an object";
            frame.Fields |= BinanceFields.Error;
            return ReadError(ref reader, frame);
        }

        handled = false;
        return null;
    }

    private static string? ReadError(ref Utf8JsonReader reader, BinanceFrame frame)
    {
        while (true)
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType == JsonTokenType.EndObject) return null;
            if (reader.ValueTextEquals("code"u8))
            {
                if (!reader.Read()) return Truncated;
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var code)) return "error code is not an integer";
                frame.ErrorCode = code;
            }
            else if (reader.ValueTextEquals("msg"u8))
            {
                if (!reader.Read()) return Truncated;
                if (reader.TokenType != JsonTokenType.String) return "error msg is not a string";
                frame.ErrorMessage = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    // Fields are tried in the order both payloads send them (e, E, T, s first), then depth's and trade's own.
    private static string? ReadPayloadProperty(ref Utf8JsonReader reader, BinanceFrame frame, BinanceSymbolTable symbols, out bool handled)
    {
        handled = true;
        string? error;
        long number;
        if (reader.ValueTextEquals("e"u8))
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType != JsonTokenType.String) return "e is not a string";
            frame.Fields |= reader.ValueTextEquals("depthUpdate"u8) ? BinanceFields.DepthEvent
                : reader.ValueTextEquals("trade"u8) ? BinanceFields.TradeEvent
                : BinanceFields.OtherEvent;
            return null;
        }

        if (reader.ValueTextEquals("E"u8))
        {
            error = ReadInteger(ref reader, out number);
            frame.EventTimeMillis = number;
            frame.Fields |= BinanceFields.EventTime;
            return error;
        }

        if (reader.ValueTextEquals("T"u8))
        {
            error = ReadInteger(ref reader, out number);
            frame.TransactionTimeMillis = number;
            frame.Fields |= BinanceFields.TransactionTime;
            return error;
        }

        if (reader.ValueTextEquals("s"u8))
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType != JsonTokenType.String) return "s is not a string";
            int index;
            if (!reader.ValueIsEscaped)
            {
                index = symbols.Find(reader.ValueSpan);
            }
            else
            {
                Span<byte> unescaped = stackalloc byte[64];
                if (reader.ValueSpan.Length > unescaped.Length) return "unknown symbol";
                index = symbols.Find(unescaped[..reader.CopyString(unescaped)]);
            }

            if (index < 0) return "unknown symbol";
            frame.SymbolIndex = index;
            frame.Fields |= BinanceFields.Symbol;
            return null;
        }

        if (reader.ValueTextEquals("b"u8))
        {
            error = ReadLevels(ref reader, frame.BidPrices, frame.BidSizes, out var total);
            frame.BidTotal = total;
            frame.Fields |= BinanceFields.Bids;
            return error;
        }

        if (reader.ValueTextEquals("a"u8))
        {
            error = ReadLevels(ref reader, frame.AskPrices, frame.AskSizes, out var total);
            frame.AskTotal = total;
            frame.Fields |= BinanceFields.Asks;
            return error;
        }

        if (reader.ValueTextEquals("p"u8))
        {
            error = ReadDecimal(ref reader, out var price);
            frame.Price = price;
            frame.Fields |= BinanceFields.Price;
            return error;
        }

        if (reader.ValueTextEquals("q"u8))
        {
            error = ReadDecimal(ref reader, out var size);
            frame.Size = size;
            frame.Fields |= BinanceFields.Size;
            return error;
        }

        if (reader.ValueTextEquals("t"u8))
        {
            error = ReadInteger(ref reader, out number);
            frame.TradeId = number;
            frame.Fields |= BinanceFields.TradeId;
            return error;
        }

        if (reader.ValueTextEquals("m"u8))
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return "m is not a boolean";
            frame.BuyerIsMaker = reader.TokenType == JsonTokenType.True;
            frame.Fields |= BinanceFields.BuyerIsMaker;
            return null;
        }

        if (reader.ValueTextEquals("u"u8))
        {
            error = ReadInteger(ref reader, out number);
            frame.UpdateId = number;
            frame.Fields |= BinanceFields.UpdateId;
            return error;
        }

        if (reader.ValueTextEquals("pu"u8))
        {
            error = ReadInteger(ref reader, out number);
            frame.PreviousUpdateId = number;
            frame.Fields |= BinanceFields.PreviousUpdateId;
            return error;
        }

        if (reader.ValueTextEquals("U"u8))
        {
            error = ReadInteger(ref reader, out number);
            frame.FirstUpdateId = number;
            frame.Fields |= BinanceFields.FirstUpdateId;
            return error;
        }

        handled = false;
        return null;
    }

    /// <summary>A non-negative integer (times and ids are never negative).</summary>
    private static string? ReadInteger(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (!reader.Read()) return Truncated;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value) && value >= 0 ? null : "a time or id is not a non-negative integer";
    }

    /// <summary>A decimal sent as a string ("97000.10"); a bare JSON number is accepted too.</summary>
    private static string? ReadDecimal(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (!reader.Read()) return Truncated;
        if (reader.TokenType == JsonTokenType.Number) return Utf8Decimal.TryParse(reader.ValueSpan, out value) ? null : "a number is out of range";
        if (reader.TokenType != JsonTokenType.String) return "a price or size is not a string";
        if (!reader.ValueIsEscaped) return Utf8Decimal.TryParse(reader.ValueSpan, out value) ? null : "a price or size is not a decimal";

        Span<byte> unescaped = stackalloc byte[64];
        if (reader.ValueSpan.Length > unescaped.Length) return "a price or size is too long";
        return Utf8Decimal.TryParse(unescaped[..reader.CopyString(unescaped)], out value) ? null : "a price or size is not a decimal";
    }

    /// <summary><c>[["price","size"],…]</c>: keeps the first prices.Length levels, counts them all.</summary>
    private static string? ReadLevels(ref Utf8JsonReader reader, double[] prices, double[] sizes, out int total)
    {
        total = 0;
        if (!reader.Read()) return Truncated;
        if (reader.TokenType != JsonTokenType.StartArray) return "levels are not an array";
        while (true)
        {
            if (!reader.Read()) return Truncated;
            if (reader.TokenType == JsonTokenType.EndArray) return null;
            if (reader.TokenType != JsonTokenType.StartArray) return "a level is not an array";

            var error = ReadDecimal(ref reader, out var price);
            if (error is not null) return error;
            error = ReadDecimal(ref reader, out var size);
            if (error is not null) return error;
            if (!reader.Read()) return Truncated;
            if (reader.TokenType != JsonTokenType.EndArray) return "a level has more than a price and a size";

            if (total < prices.Length)
            {
                prices[total] = price;
                sizes[total] = size;
            }

            total++;
        }
    }
}
