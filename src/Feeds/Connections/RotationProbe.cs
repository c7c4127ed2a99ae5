using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>
/// Passes records on and, during a rotation, notes which streams the replacement connection has delivered: the
/// replacement is ready once every book stream it carries has produced a record through it (or, without book
/// streams, once any stream has). Records are attributed with <see cref="HandlerGate.CurrentSource"/>, so they are
/// only noted under the gate's lock, which is also where <see cref="Begin"/> and <see cref="End"/> change the state.
/// </summary>
internal sealed class RotationProbe(IFeedSink inner, HandlerGate gate) : IFeedSink
{
    private readonly HashSet<(string Symbol, StreamKind Kind)> _waiting = [];
    private object? _candidate;
    private TaskCompletionSource? _ready;

    /// <summary>Starts noting what <paramref name="candidate"/> delivers for <paramref name="streams"/>; the task completes when it is ready.</summary>
    public Task Begin(object candidate, IReadOnlyList<StreamKey> streams)
    {
        lock (gate.Lock)
        {
            _waiting.Clear();
            foreach (var stream in streams)
                if (stream.Kind == StreamKind.Book) _waiting.Add((stream.Symbol, stream.Kind));
            _candidate = candidate;
            _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _ready.Task;
        }
    }

    /// <summary>Stops noting.</summary>
    public void End()
    {
        lock (gate.Lock)
        {
            _candidate = null;
            _waiting.Clear();
            _ready?.TrySetCanceled();
            _ready = null;
        }
    }

    public void OnTrade(in Trade trade)
    {
        if (_candidate is not null) Note(trade.Symbol, StreamKind.Trades);
        inner.OnTrade(in trade);
    }

    public void OnBook(BookSnapshot book)
    {
        if (_candidate is not null) Note(book.Symbol, StreamKind.Book);
        inner.OnBook(book);
    }

    public void OnEvent(FeedEvent feedEvent) => inner.OnEvent(feedEvent);

    private void Note(string symbol, StreamKind kind)
    {
        if (!ReferenceEquals(gate.CurrentSource, _candidate)) return;
        _waiting.Remove((symbol, kind));
        if (_waiting.Count == 0) _ready?.TrySetResult();
    }
}
