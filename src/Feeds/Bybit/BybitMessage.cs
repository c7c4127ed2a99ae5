using Archiver.Feeds.Parsing;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Bybit;

/// <summary>
/// One Bybit frame, parsed in a single pass whatever the key order, into fields and reusable scratch arrays; the same
/// instance is reloaded for every frame (nothing is allocated once the arrays have grown to the largest message).
/// Strings of the frame (topic, op, ret_msg…) are kept as positions into it, valid until the next frame.
/// </summary>
internal sealed class BybitMessage
{
    private const int MaxDepth = 8;

    private double[] _bidPrices = new double[64];
    private double[] _bidSizes = new double[64];
    private double[] _askPrices = new double[64];
    private double[] _askSizes = new double[64];
    private Trade[] _trades = new Trade[16];

    public TextRange Topic;
    public TextRange Op;
    public TextRange RetMsg;
    public TextRange ReqId;
    public TextRange ConnId;
    public BybitMessageType Type;
    public bool? Success;
    public long? Ts;
    public long? Cts;
    public BybitDataKind Data;
    public long? UpdateId;
    public long? Sequence;
    public int BidCount;
    public int AskCount;
    public int TradeCount;

    public ReadOnlySpan<double> BidPrices => _bidPrices.AsSpan(0, BidCount);

    public ReadOnlySpan<double> BidSizes => _bidSizes.AsSpan(0, BidCount);

    public ReadOnlySpan<double> AskPrices => _askPrices.AsSpan(0, AskCount);

    public ReadOnlySpan<double> AskSizes => _askSizes.AsSpan(0, AskCount);

    /// <summary>The trades of the frame; the handler completes and emits them in place.</summary>
    public Span<Trade> Trades => _trades.AsSpan(0, TradeCount);

    /// <summary>Parses <paramref name="frame"/>, replacing what the previous frame left.</summary>
    /// <exception cref="JsonException">The frame is not JSON.</exception>
    /// <exception cref="FeedProtocolException">The frame is JSON but not a Bybit message.</exception>
    public void Load(ReadOnlySpan<byte> frame)
    {
        Reset();
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) ThrowUnexpected(ref reader, "a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("topic"u8)) Topic = ReadString(ref reader);
            else if (reader.ValueTextEquals("type"u8)) Type = ReadType(ref reader);
            else if (reader.ValueTextEquals("ts"u8)) Ts = ReadInt64(ref reader);
            else if (reader.ValueTextEquals("cts"u8)) Cts = ReadInt64(ref reader);
            else if (reader.ValueTextEquals("data"u8)) ReadData(ref reader);
            else if (reader.ValueTextEquals("op"u8)) Op = ReadString(ref reader);
            else if (reader.ValueTextEquals("success"u8)) Success = ReadBoolean(ref reader);
            else if (reader.ValueTextEquals("ret_msg"u8)) RetMsg = ReadString(ref reader);
            else if (reader.ValueTextEquals("req_id"u8)) ReqId = ReadString(ref reader);
            else if (reader.ValueTextEquals("conn_id"u8)) ConnId = ReadString(ref reader);
            else reader.Skip();
        }

        if (reader.TokenType != JsonTokenType.EndObject) ThrowUnexpected(ref reader, "a property name or '}'");
        if (reader.Read()) ThrowUnexpected(ref reader, "the end of the frame");
    }

    private void Reset()
    {
        Topic = Op = RetMsg = ReqId = ConnId = default;
        Type = BybitMessageType.None;
        Success = null;
        Ts = Cts = UpdateId = Sequence = null;
        Data = BybitDataKind.None;
        BidCount = AskCount = TradeCount = 0;
    }

    private void ReadData(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (Data != BybitDataKind.None) ThrowUnexpected(ref reader, "one \"data\" key");
        if (reader.TokenType == JsonTokenType.StartObject) ReadBookData(ref reader);
        else if (reader.TokenType == JsonTokenType.StartArray) ReadTrades(ref reader);
        else ThrowUnexpected(ref reader, "an object or an array for \"data\"");
    }

    private void ReadBookData(ref Utf8JsonReader reader)
    {
        Data = BybitDataKind.Book;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("b"u8)) BidCount = ReadLevels(ref reader, ref _bidPrices, ref _bidSizes);
            else if (reader.ValueTextEquals("a"u8)) AskCount = ReadLevels(ref reader, ref _askPrices, ref _askSizes);
            else if (reader.ValueTextEquals("u"u8)) UpdateId = ReadInt64(ref reader);
            else if (reader.ValueTextEquals("seq"u8)) Sequence = ReadInt64(ref reader);
            else reader.Skip();
        }

        if (reader.TokenType != JsonTokenType.EndObject) ThrowUnexpected(ref reader, "a book property or '}'");
    }

    private static int ReadLevels(ref Utf8JsonReader reader, ref double[] prices, ref double[] sizes)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray) ThrowUnexpected(ref reader, "an array of levels");
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (count == prices.Length)
            {
                Array.Resize(ref prices, count * 2);
                Array.Resize(ref sizes, count * 2);
            }

            reader.Read();
            prices[count] = ReadDecimalToken(ref reader);
            reader.Read();
            sizes[count] = ReadDecimalToken(ref reader);
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) ThrowUnexpected(ref reader, "']' after [price, size]");
            count++;
        }

        if (reader.TokenType != JsonTokenType.EndArray) ThrowUnexpected(ref reader, "a [price, size] level");
        return count;
    }

    private void ReadTrades(ref Utf8JsonReader reader)
    {
        Data = BybitDataKind.Trades;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (TradeCount == _trades.Length) Array.Resize(ref _trades, TradeCount * 2);
            ReadTrade(ref reader, ref _trades[TradeCount]);
            TradeCount++;
        }

        if (reader.TokenType != JsonTokenType.EndArray) ThrowUnexpected(ref reader, "a trade object");
    }

    private static void ReadTrade(ref Utf8JsonReader reader, ref Trade trade)
    {
        trade = default;
        trade.Exchange = ExchangeId.Bybit;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("T"u8))
            {
                trade.ExchangeTimeMicros = FeedClock.FromMillis(ReadInt64(ref reader));
                seen |= 1;
            }
            else if (reader.ValueTextEquals("p"u8))
            {
                reader.Read();
                trade.Price = ReadDecimalToken(ref reader);
                seen |= 2;
            }
            else if (reader.ValueTextEquals("v"u8))
            {
                reader.Read();
                trade.Size = ReadDecimalToken(ref reader);
                seen |= 4;
            }
            else if (reader.ValueTextEquals("S"u8))
            {
                reader.Read();
                trade.Side = reader.TokenType != JsonTokenType.String ? TakerSide.Unknown
                    : reader.ValueTextEquals("Buy"u8) ? TakerSide.Buy
                    : reader.ValueTextEquals("Sell"u8) ? TakerSide.Sell
                    : TakerSide.Unknown;
                if (trade.Side == TakerSide.Unknown) ThrowUnexpected(ref reader, "\"Buy\" or \"Sell\" for \"S\"");
                seen |= 8;
            }
            else if (reader.ValueTextEquals("i"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !TradeId.TryCreate(reader.ValueSpan, out trade.Id))
                    ThrowUnexpected(ref reader, $"a trade id of 1 to {TradeId.MaxLength} plain characters for \"i\"");
                seen |= 16;
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject) ThrowUnexpected(ref reader, "a trade property or '}'");
        if (seen != 31) ThrowUnexpected(ref reader, "a trade with \"T\", \"p\", \"v\", \"S\" and \"i\"");
    }

    private static TextRange ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String) ThrowUnexpected(ref reader, "a string");
        return new TextRange((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, reader.ValueIsEscaped);
    }

    private static BybitMessageType ReadType(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String) ThrowUnexpected(ref reader, "a string for \"type\"");
        return reader.ValueTextEquals("delta"u8) ? BybitMessageType.Delta
            : reader.ValueTextEquals("snapshot"u8) ? BybitMessageType.Snapshot
            : BybitMessageType.Other;
    }

    private static long ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : ThrowUnexpected<long>(ref reader, "an integer");
    }

    private static bool ReadBoolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) ThrowUnexpected(ref reader, "true or false");
        return reader.TokenType == JsonTokenType.True;
    }

    /// <summary>A price or size: a decimal string (Bybit's form) or a bare number.</summary>
    private static double ReadDecimalToken(ref Utf8JsonReader reader)
    {
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped
            && Utf8Decimal.TryParse(reader.ValueSpan, out var value) && value >= 0 && !double.IsNegative(value)
            ? value
            : ThrowUnexpected<double>(ref reader, "a non-negative decimal");
    }

    [DoesNotReturn]
    private static void ThrowUnexpected(ref Utf8JsonReader reader, string expected) =>
        throw new FeedProtocolException(
            $"bybit: expected {expected} at byte {reader.TokenStartIndex}, found {reader.TokenType}");

    [DoesNotReturn]
    private static T ThrowUnexpected<T>(ref Utf8JsonReader reader, string expected)
    {
        ThrowUnexpected(ref reader, expected);
        return default;
    }
}
