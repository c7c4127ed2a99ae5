using Archiver.Feeds.Model;

namespace Archiver.Feeds.Simulator;

/// <summary>A client connected to, subscribed on or disconnected from a simulated exchange.</summary>
public sealed class SimulatorClientEventArgs : EventArgs
{
    public SimulatorClientEventArgs(ExchangeId exchange, string connectionId, StreamKey? stream)
    {
        Exchange = exchange;
        ConnectionId = connectionId;
        Stream = stream;
    }

    public ExchangeId Exchange { get; }

    /// <summary>The simulator's id of the connection (Bybit's <c>conn_id</c>).</summary>
    public string ConnectionId { get; }

    /// <summary>For a subscription, the stream subscribed; otherwise null.</summary>
    public StreamKey? Stream { get; }
}
