using System.Globalization;
using System.Text;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>Records what the connection hands it and turns <see cref="FakeProtocol"/> frames into records.</summary>
internal sealed class FakeHandler(ExchangeId exchange, IReadOnlyList<StreamKey> streams, int depth, IFeedSink sink, IFeedControl control) : IFrameHandler
{
    private readonly Dictionary<string, BookSnapshot> _books = [];
    private readonly Dictionary<string, string> _symbols = streams.Select(s => s.Symbol).Distinct().ToDictionary(s => s);
    private int _inside;

    public IReadOnlyList<StreamKey> Streams => streams;

    public IFeedControl Control => control;

    public Observed<(string Text, long ReceiveMicros)> Frames { get; } = new();

    /// <summary>OnConnected / OnDisconnected calls: (connected?, time, isReconnect).</summary>
    public Observed<(bool Connected, long TimeMicros, bool IsReconnect)> Lifecycle { get; } = new();

    /// <summary>Set when two calls ever overlapped (the handler contract says they must not).</summary>
    public bool Overlapped { get; private set; }

    public long MalformedFrames => 0;

    public void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        Enter();
        try
        {
            var text = Encoding.UTF8.GetString(frame);
            Frames.Add((text, receiveMicros));
            var parts = text.Split(' ');
            if (parts.Length == 4 && parts[0] == "B" && _symbols.TryGetValue(parts[1], out var symbol))
            {
                if (!_books.TryGetValue(symbol, out var book)) _books.Add(symbol, book = new BookSnapshot(exchange, symbol, depth));
                book.Clear();
                book.ReceiveTimeMicros = receiveMicros;
                book.BidCount = 1;
                book.AskCount = 1;
                book.BidPrices[0] = double.Parse(parts[2], CultureInfo.InvariantCulture);
                book.AskPrices[0] = double.Parse(parts[3], CultureInfo.InvariantCulture);
                sink.OnBook(book);
            }
            else if (parts.Length == 2 && parts[0] == "T" && _symbols.TryGetValue(parts[1], out symbol))
            {
                var trade = new Trade { Exchange = exchange, Symbol = symbol, ReceiveTimeMicros = receiveMicros, ExchangeTimeMicros = receiveMicros, Price = 1, Size = 1 };
                sink.OnTrade(in trade);
            }
        }
        finally
        {
            Exit();
        }
    }

    public void OnConnected(long timeMicros, bool isReconnect)
    {
        Enter();
        Lifecycle.Add((true, timeMicros, isReconnect));
        Exit();
    }

    public void OnDisconnected(long timeMicros)
    {
        Enter();
        Lifecycle.Add((false, timeMicros, false));
        Exit();
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref _inside) != 1) Overlapped = true;
    }

    private void Exit() => Interlocked.Decrement(ref _inside);
}
