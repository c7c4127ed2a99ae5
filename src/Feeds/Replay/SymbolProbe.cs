using System.Text;
using System.Text.Json;
using Archiver.Feeds.Capture;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Replay;

/// <summary>
/// Finds which symbols a replay input carries, so a replay needs no symbol list: Binance payloads name theirs in
/// <c>s</c>, Bybit in the <c>topic</c> suffix, Hyperliquid in <c>coin</c>. Unparseable frames are ignored here (the
/// handler reports them during the replay).
/// </summary>
public static class SymbolProbe
{
    public static IReadOnlyList<string> Discover(string path, ExchangeId exchange)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        using var reader = CapturedFrameReader.Open(path);
        while (reader.TryRead(out var line))
        {
            if (line.Kind != CapturedLineKind.Frame) continue;
            Collect(line.Frame.Span, exchange, symbols);
        }

        return symbols.ToList();
    }

    private static void Collect(ReadOnlySpan<byte> frame, ExchangeId exchange, SortedSet<string> symbols)
    {
        var property = exchange switch
        {
            ExchangeId.Binance => "s"u8,
            ExchangeId.Bybit => "topic"u8,
            _ => "coin"u8,
        };
        try
        {
            var reader = new Utf8JsonReader(frame);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(property)) continue;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String) continue;
                var value = reader.GetString();
                if (string.IsNullOrEmpty(value)) continue;
                if (exchange == ExchangeId.Bybit)
                {
                    if (!value.StartsWith("orderbook.", StringComparison.Ordinal) && !value.StartsWith("publicTrade.", StringComparison.Ordinal)) continue;
                    value = value[(value.LastIndexOf('.') + 1)..];
                }

                if (value.Length is > 0 and <= 64 && Encoding.UTF8.GetByteCount(value) == value.Length) symbols.Add(value);
            }
        }
        catch (JsonException)
        {
        }
    }
}
