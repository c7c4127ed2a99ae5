using Archiver.Feeds.Handling;

namespace Archiver.Feeds.Connections;

/// <summary>
/// Serializes the calls of several connections (during a rotation, the old and the new one) to one frame handler, and
/// remembers which connection is calling, so records can be attributed to the connection that carried them.
/// </summary>
internal sealed class HandlerGate(Lock gate)
{
    private IFrameHandler? _handler;

    /// <summary>The connection whose frame the handler is processing (read under the lock only).</summary>
    public object? CurrentSource { get; private set; }

    public Lock Lock => gate;

    public IFrameHandler Handler => _handler ?? throw new InvalidOperationException("No handler is attached yet.");

    /// <summary>Attaches the handler (created after the gate, since its sink observes the gate).</summary>
    public void Attach(IFrameHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null) throw new InvalidOperationException("A handler is already attached.");
    }

    /// <summary>The handler as one connection (<paramref name="source"/>) sees it.</summary>
    public IFrameHandler For(object source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new View(this, source);
    }

    private sealed class View(HandlerGate owner, object source) : IFrameHandler
    {
        public long MalformedFrames => owner.Handler.MalformedFrames;

        public void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros)
        {
            lock (owner.Lock)
            {
                owner.CurrentSource = source;
                try
                {
                    owner.Handler.OnFrame(frame, receiveMicros);
                }
                finally
                {
                    owner.CurrentSource = null;
                }
            }
        }

        public void OnConnected(long timeMicros, bool isReconnect)
        {
            lock (owner.Lock) owner.Handler.OnConnected(timeMicros, isReconnect);
        }

        public void OnDisconnected(long timeMicros)
        {
            lock (owner.Lock) owner.Handler.OnDisconnected(timeMicros);
        }
    }
}
