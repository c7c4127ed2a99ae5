using System.Net.WebSockets;
using System.Text.Json;
using Archiver.Feeds.Model;
using Microsoft.AspNetCore.Http;

namespace Archiver.Feeds.Simulator;

/// <summary>
/// A Bybit linear connection: <c>{"op":"subscribe"|"unsubscribe","args":[…],"req_id":…}</c> gets one ack
/// <c>{"success":…,"ret_msg":…,"conn_id":…,"req_id":…,"op":…}</c> (failing for an unknown topic or symbol, or a topic
/// already subscribed; the valid ones are still taken), each new book subscription a fresh snapshot right after the
/// ack; <c>{"op":"ping"}</c> gets the linear pong (<c>ret_msg</c> "pong", <c>op</c> "ping").
/// </summary>
internal sealed class BybitSession : SimulatorSession
{
    private readonly BybitFeed _bybit;
    private readonly HashSet<StreamKey> _streams = [];

    public BybitSession(BybitFeed feed, WebSocket socket, HttpContext http, string id)
        : base(feed, socket, http, id)
    {
        _bybit = feed;
    }

    public override bool IsSubscribed(StreamKey stream) => _streams.Contains(stream);

    protected override void OnMessage(ReadOnlySpan<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException)
        {
            Enqueue(Ack(false, "error:request not json", string.Empty, string.Empty));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var op = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : string.Empty;
            var reqId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("req_id", out var r)
                ? (r.ValueKind == JsonValueKind.String ? r.GetString()! : r.GetRawText())
                : string.Empty;
            var args = new List<string>();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array)
            {
                foreach (var arg in a.EnumerateArray())
                {
                    if (arg.ValueKind == JsonValueKind.String) args.Add(arg.GetString()!);
                }
            }

            switch (op)
            {
                case "ping":
                    Enqueue(Ack(true, "pong", reqId, "ping"));
                    break;
                case "subscribe":
                    Subscribe(args, reqId);
                    break;
                case "unsubscribe":
                    Unsubscribe(args, reqId);
                    break;
                default:
                    Enqueue(Ack(false, $"error:unsupported op {op}", reqId, op));
                    break;
            }
        }
    }

    private void Subscribe(List<string> topics, string reqId)
    {
        var added = new List<StreamKey>();
        lock (Feed.Gate)
        {
            string? error = null;
            foreach (var topic in topics)
            {
                if (_bybit.ParseTopic(topic, out var parseError) is not { } key) error ??= parseError;
                else if (!_streams.Add(key)) error ??= $"error:already subscribed,topic:{topic}";
                else added.Add(key);
            }

            if (topics.Count == 0) error = "error:args is empty";
            Enqueue(Ack(error is null, error ?? string.Empty, reqId, "subscribe"));
            foreach (var key in added)
            {
                if (key.Kind == StreamKind.Book && !_bybit.IsSilencedLocked(key)) Enqueue(_bybit.SnapshotLocked(key.Symbol));
            }
        }

        Feed.RaiseSubscribed(this, added);
    }

    private void Unsubscribe(List<string> topics, string reqId)
    {
        lock (Feed.Gate)
        {
            string? error = null;
            foreach (var topic in topics)
            {
                if (_bybit.ParseTopic(topic, out var parseError) is not { } key) error ??= parseError;
                else if (!_streams.Remove(key)) error ??= $"error:not subscribed,topic:{topic}";
            }

            Enqueue(Ack(error is null, error ?? string.Empty, reqId, "unsubscribe"));
        }
    }

    private byte[] Ack(bool success, string message, string reqId, string op) =>
        SimulatorJson.Build((success, message, Id, reqId, op), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success"u8, s.success);
            w.WriteString("ret_msg"u8, s.message);
            w.WriteString("conn_id"u8, s.Id);
            w.WriteString("req_id"u8, s.reqId);
            w.WriteString("op"u8, s.op);
            w.WriteEndObject();
        });
}
