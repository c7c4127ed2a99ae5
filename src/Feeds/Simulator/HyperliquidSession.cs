using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// A Hyperliquid connection: the greeting first; <c>{"method":"subscribe"|"unsubscribe","subscription":{"type":…,"coin":…}}</c>
/// answered with <c>subscriptionResponse</c> echoing the normalised subscription (l2Book gains <c>nSigFigs</c> and
/// <c>mantissa</c> nulls), a trades subscribe followed by the backfill; a duplicate gets
/// <c>{"channel":"error","data":"Already subscribed: …"}</c>; <c>{"method":"ping"}</c> gets <c>{"channel":"pong"}</c>.
/// </summary>
internal sealed class HyperliquidSession : SimulatorSession
{
    private readonly HyperliquidFeed _hyperliquid;
    private readonly HashSet<StreamKey> _streams = [];

    public HyperliquidSession(HyperliquidFeed feed, WebSocket socket, HttpContext http, string id)
        : base(feed, socket, http, id)
    {
        _hyperliquid = feed;
    }

    public override bool IsSubscribed(StreamKey stream) => _streams.Contains(stream);

    public override IReadOnlyList<StreamKey> OpenLocked()
    {
        Enqueue(HyperliquidFeed.Greeting);
        return [];
    }

    protected override void OnMessage(ReadOnlySpan<byte> message)
    {
        var text = Encoding.UTF8.GetString(message);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            Enqueue(Error($"Error parsing JSON into valid websocket request: {text}"));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var method = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            switch (method)
            {
                case "ping":
                    Enqueue("""{"channel":"pong"}""");
                    break;
                case "subscribe" or "unsubscribe" when root.TryGetProperty("subscription", out var subscription) && subscription.ValueKind == JsonValueKind.Object:
                    Change(method, subscription);
                    break;
                default:
                    Enqueue(Error($"Error parsing JSON into valid websocket request: {text}"));
                    break;
            }
        }
    }

    private void Change(string method, JsonElement subscription)
    {
        var type = subscription.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var coin = subscription.TryGetProperty("coin", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        StreamKind? kind = type switch { "l2Book" => StreamKind.Book, "trades" => StreamKind.Trades, _ => null };
        if (kind is null || string.IsNullOrEmpty(coin))
        {
            Enqueue(Error($"Invalid subscription: {subscription.GetRawText()}"));
            return;
        }

        // Coins are case-sensitive on Hyperliquid; an unknown coin is acknowledged and never fed.
        var key = new StreamKey(ExchangeId.Hyperliquid, coin, kind.Value);
        var subscribed = false;
        lock (Feed.Gate)
        {
            if (method == "subscribe")
            {
                if (!_streams.Add(key))
                {
                    Enqueue(Error($"Already subscribed: {subscription.GetRawText()}"));
                    return;
                }

                Enqueue(Response(method, type!, coin));
                subscribed = true;
                if (kind == StreamKind.Trades && _hyperliquid.BackfillLocked(key) is { } backfill) Enqueue(backfill);
            }
            else
            {
                if (!_streams.Remove(key))
                {
                    Enqueue(Error($"Already unsubscribed: {subscription.GetRawText()}"));
                    return;
                }

                Enqueue(Response(method, type!, coin));
            }
        }

        if (subscribed) Feed.RaiseSubscribed(this, [key]);
    }

    private static byte[] Response(string method, string type, string coin) =>
        SimulatorJson.Build((method, type, coin), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("channel"u8, "subscriptionResponse"u8);
            w.WriteStartObject("data"u8);
            w.WriteString("method"u8, s.method);
            w.WriteStartObject("subscription"u8);
            w.WriteString("type"u8, s.type);
            w.WriteString("coin"u8, s.coin);
            if (s.type == "l2Book")
            {
                w.WriteNull("nSigFigs"u8);
                w.WriteNull("mantissa"u8);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static byte[] Error(string message) =>
        SimulatorJson.Build(message, static (w, m) =>
        {
            w.WriteStartObject();
            w.WriteString("channel"u8, "error"u8);
            w.WriteString("data"u8, m);
            w.WriteEndObject();
        });
}
