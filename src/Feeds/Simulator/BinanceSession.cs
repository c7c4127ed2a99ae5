using System.Net.WebSockets;
using System.Text.Json;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// A Binance connection: streams named in <c>?streams=a/b</c> are live from the start; JSON <c>SUBSCRIBE</c>,
/// <c>UNSUBSCRIBE</c> and <c>LIST_SUBSCRIPTIONS</c> are answered <c>{"result":…,"id":N}</c>; a bad request gets
/// <c>{"error":{"code":…,"msg":…},"id":…}</c>.
/// </summary>
internal sealed class BinanceSession : SimulatorSession
{
    private readonly BinanceFeed _binance;
    private readonly string _queryStreams;
    private readonly List<BinanceStream> _streams = [];

    public BinanceSession(BinanceFeed feed, WebSocket socket, HttpContext http, string id, string queryStreams)
        : base(feed, socket, http, id)
    {
        _binance = feed;
        _queryStreams = queryStreams;
    }

    /// <summary>Subscribed stream names in subscription order (read under the feed lock).</summary>
    public IReadOnlyList<BinanceStream> Streams => _streams;

    public override bool IsSubscribed(StreamKey stream)
    {
        foreach (var s in _streams)
        {
            if (s.Key == stream) return true;
        }

        return false;
    }

    public override IReadOnlyList<StreamKey> OpenLocked()
    {
        var added = new List<StreamKey>();
        foreach (var name in _queryStreams.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Add(name, added);
        return added;
    }

    protected override void OnMessage(ReadOnlySpan<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException)
        {
            Enqueue(Error(3, "Invalid JSON", null));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
            {
                Enqueue(Error(2, "Invalid request: missing method", null));
                return;
            }

            var id = root.TryGetProperty("id", out var idElement) ? idElement.GetRawText() : null;
            var names = new List<string>();
            if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Array)
            {
                foreach (var p in parameters.EnumerateArray())
                {
                    if (p.ValueKind == JsonValueKind.String) names.Add(p.GetString()!);
                }
            }

            switch (method.GetString())
            {
                case "SUBSCRIBE":
                    Subscribe(names, id);
                    break;
                case "UNSUBSCRIBE":
                    lock (Feed.Gate)
                    {
                        _streams.RemoveAll(s => names.Contains(s.Name));
                        Enqueue(Result(null, id));
                    }

                    break;
                case "LIST_SUBSCRIPTIONS":
                    lock (Feed.Gate) Enqueue(Result(_streams.Select(s => s.Name).ToList(), id));
                    break;
                case "SET_PROPERTY":
                    Enqueue(Result(null, id));
                    break;
                case "GET_PROPERTY":
                    Enqueue(SimulatorJson.Build(id, static (w, i) =>
                    {
                        w.WriteStartObject();
                        w.WriteBoolean("result"u8, true);
                        WriteId(w, i);
                        w.WriteEndObject();
                    }));
                    break;
                default:
                    Enqueue(Error(2, $"Invalid request: unknown method {method.GetString()}", id));
                    break;
            }
        }
    }

    private void Subscribe(List<string> names, string? id)
    {
        var added = new List<StreamKey>();
        lock (Feed.Gate)
        {
            // The ack is queued before the streams go live, so it precedes their first frame.
            Enqueue(Result(null, id));
            foreach (var name in names) Add(name, added);
        }

        Feed.RaiseSubscribed(this, added);
    }

    private void Add(string name, List<StreamKey> added)
    {
        if (_streams.Exists(s => s.Name == name)) return;
        var stream = _binance.ParseStream(name);
        _streams.Add(stream);
        if (stream.Key is { } key) added.Add(key);
    }

    private static byte[] Result(List<string>? result, string? id) =>
        SimulatorJson.Build((result, id), static (w, s) =>
        {
            w.WriteStartObject();
            if (s.result is null)
            {
                w.WriteNull("result"u8);
            }
            else
            {
                w.WriteStartArray("result"u8);
                foreach (var name in s.result) w.WriteStringValue(name);
                w.WriteEndArray();
            }

            WriteId(w, s.id);
            w.WriteEndObject();
        });

    private static byte[] Error(int code, string message, string? id) =>
        SimulatorJson.Build((code, message, id), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error"u8);
            w.WriteNumber("code"u8, s.code);
            w.WriteString("msg"u8, s.message);
            w.WriteEndObject();
            WriteId(w, s.id);
            w.WriteEndObject();
        });

    private static void WriteId(Utf8JsonWriter writer, string? rawId)
    {
        writer.WritePropertyName("id"u8);
        if (rawId is null) writer.WriteNullValue();
        else writer.WriteRawValue(rawId, skipInputValidation: true);
    }
}
