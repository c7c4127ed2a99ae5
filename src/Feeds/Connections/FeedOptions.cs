using System.Diagnostics.CodeAnalysis;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>
/// How to connect to one exchange: which streams, and the limits that keep the connections up. Bindable from
/// configuration (settable properties, a parameterless constructor); call <see cref="Validate(IExchangeProtocol)"/>
/// before use (<see cref="ExchangeFeed"/> does).
/// </summary>
public sealed class FeedOptions
{
    /// <summary>The largest book depth accepted.</summary>
    public const int MaxDepth = 1000;

    /// <summary>The smallest message size limit accepted (anything below cannot hold a subscription reply).</summary>
    public const int MinMessageBytesLimit = 256;

    /// <summary>The largest message size limit accepted.</summary>
    public const int MaxMessageBytesLimit = 256 * 1024 * 1024;

    public ExchangeId Exchange { get; set; }

    /// <summary>The websocket endpoint, or null for the protocol's default (real) endpoint.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Symbols as the exchange spells them in its archive tickers (BTCUSDT, BTC).</summary>
    public IList<string> Symbols { get; set; } = new List<string>();

    /// <summary>Book levels per side.</summary>
    public int Depth { get; set; } = 20;

    /// <summary>Whether to subscribe each symbol's book stream.</summary>
    public bool Books { get; set; } = true;

    /// <summary>Whether to subscribe each symbol's trade stream.</summary>
    public bool Trades { get; set; } = true;

    /// <summary>The first reconnect delay, and the least any reconnect waits.</summary>
    public TimeSpan ReconnectDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of the exponential reconnect backoff.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection that stayed up this long resets the reconnect backoff to <see cref="ReconnectDelayMin"/>.</summary>
    public TimeSpan ReconnectResetAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long opening a websocket may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Larger messages are skipped and reported as malformed; the connection keeps going.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The least time between two client messages on one connection, or null to derive it from the protocol's
    /// <see cref="IExchangeProtocol.MaxClientMessagesPerSecond"/> (with a 10 % margin).
    /// </summary>
    public TimeSpan? SubscribePacing { get; set; }

    /// <summary>Overrides <see cref="IExchangeProtocol.StaleAfter"/> for book streams.</summary>
    public TimeSpan? BookStaleAfter { get; set; }

    /// <summary>Overrides <see cref="IExchangeProtocol.StaleAfter"/> for trade streams.</summary>
    public TimeSpan? TradesStaleAfter { get; set; }

    /// <summary>
    /// A connection on which nothing at all arrives for this long is considered dead and reopened. Null: twice the
    /// protocol's ping interval when it pings with messages (the replies arrive), otherwise twice the longest
    /// staleness threshold of the connection's streams.
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>How long before the exchange's <see cref="IExchangeProtocol.MaxConnectionLifetime"/> a connection is replaced.</summary>
    public TimeSpan ConnectionRotationMargin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a rotation waits for the replacement connection to deliver data before closing the old one anyway
    /// (a replacement that is not even connected by then is abandoned and the rotation retried).
    /// </summary>
    public TimeSpan RotationReadyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Resubscribe requests for a stream arriving sooner than this after its last resubscribe are dropped.</summary>
    public TimeSpan ResubscribeMinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When set, every received frame is also written with its receive time to hourly gzip JSON lines under this
    /// folder (<c>&lt;exchange&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;DDHH&gt;.jsonl.gz</c>), replayable with <c>archiver replay</c>.
    /// </summary>
    public string? CaptureDirectory { get; set; }

    /// <summary>The staleness threshold of <paramref name="kind"/>: the override, or the protocol's.</summary>
    public TimeSpan StaleAfter(IExchangeProtocol protocol, StreamKind kind)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var overridden = kind == StreamKind.Book ? BookStaleAfter : TradesStaleAfter;
        return overridden ?? protocol.StaleAfter(kind);
    }

    /// <summary>The endpoint to use: <see cref="Endpoint"/> or the protocol's default.</summary>
    public Uri EndpointOrDefault(IExchangeProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return Endpoint ?? protocol.DefaultEndpoint;
    }

    /// <summary>The streams these options subscribe, symbol by symbol (book before trades), in configuration order.</summary>
    public IReadOnlyList<StreamKey> Streams()
    {
        var streams = new List<StreamKey>(Symbols.Count * 2);
        foreach (var symbol in Symbols)
        {
            if (Books) streams.Add(new StreamKey(Exchange, symbol, StreamKind.Book));
            if (Trades) streams.Add(new StreamKey(Exchange, symbol, StreamKind.Trades));
        }

        return streams;
    }

    /// <summary>Checks every setting on its own; throws an <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        var name = Exchange.ToString().ToLowerInvariant();
        if (!Enum.IsDefined(Exchange)) Fail(nameof(Exchange), $"is not a known exchange ({(int)Exchange})");
        if (Symbols is null || Symbols.Count == 0) Fail(nameof(Symbols), "lists no symbol");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbol in Symbols)
        {
            if (string.IsNullOrWhiteSpace(symbol)) Fail(nameof(Symbols), "contains an empty symbol");
            if (symbol.Trim().Length != symbol.Length) Fail(nameof(Symbols), $"contains '{symbol}' with surrounding spaces");
            if (!seen.Add(symbol)) Fail(nameof(Symbols), $"contains '{symbol}' twice");
        }

        if (Depth is < 1 or > MaxDepth) Fail(nameof(Depth), $"must be between 1 and {MaxDepth}, was {Depth}");
        if (!Books && !Trades) Fail(nameof(Books), "and Trades are both false: nothing to subscribe");
        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != "ws" && endpoint.Scheme != "wss")))
            Fail(nameof(Endpoint), $"must be an absolute ws:// or wss:// URI, was '{endpoint}'");
        Positive(nameof(ReconnectDelayMin), ReconnectDelayMin);
        Positive(nameof(ReconnectDelayMax), ReconnectDelayMax);
        if (ReconnectDelayMax < ReconnectDelayMin)
            Fail(nameof(ReconnectDelayMax), $"({ReconnectDelayMax}) must not be less than ReconnectDelayMin ({ReconnectDelayMin})");
        Positive(nameof(ReconnectResetAfter), ReconnectResetAfter);
        Positive(nameof(ConnectTimeout), ConnectTimeout);
        if (MaxMessageBytes is < MinMessageBytesLimit or > MaxMessageBytesLimit)
            Fail(nameof(MaxMessageBytes), $"must be between {MinMessageBytesLimit} and {MaxMessageBytesLimit}, was {MaxMessageBytes}");
        if (SubscribePacing is { } pacing && pacing < TimeSpan.Zero) Fail(nameof(SubscribePacing), $"must not be negative, was {pacing}");
        if (BookStaleAfter is { } book) Positive(nameof(BookStaleAfter), book);
        if (TradesStaleAfter is { } trades) Positive(nameof(TradesStaleAfter), trades);
        if (IdleTimeout is { } idle) Positive(nameof(IdleTimeout), idle);
        if (ConnectionRotationMargin < TimeSpan.Zero)
            Fail(nameof(ConnectionRotationMargin), $"must not be negative, was {ConnectionRotationMargin}");
        Positive(nameof(RotationReadyTimeout), RotationReadyTimeout);
        if (ResubscribeMinInterval < TimeSpan.Zero)
            Fail(nameof(ResubscribeMinInterval), $"must not be negative, was {ResubscribeMinInterval}");

        void Positive(string property, TimeSpan value)
        {
            if (value <= TimeSpan.Zero) Fail(property, $"must be positive, was {value}");
        }

        [DoesNotReturn]
        void Fail(string property, string problem) =>
            throw new ArgumentException($"Feed options for {name}: {property} {problem}.", property);
    }

    /// <summary>
    /// <see cref="Validate()"/>, then checks the options against <paramref name="protocol"/>: the same exchange, and a
    /// rotation margin that leaves the connection some life.
    /// </summary>
    public void Validate(IExchangeProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        Validate();
        var name = Exchange.ToString().ToLowerInvariant();
        if (protocol.Exchange != Exchange)
            throw new ArgumentException($"Feed options for {name} were given the {protocol.Exchange.ToString().ToLowerInvariant()} protocol.", nameof(protocol));
        if (protocol.MaxStreamsPerConnection < 1)
            throw new ArgumentException($"The {name} protocol allows {protocol.MaxStreamsPerConnection} streams per connection.", nameof(protocol));
        if (protocol.MaxClientMessagesPerSecond < 1 && SubscribePacing is null)
            throw new ArgumentException($"The {name} protocol allows {protocol.MaxClientMessagesPerSecond} client messages per second; set SubscribePacing.", nameof(protocol));
        if (protocol.MaxConnectionLifetime is { } lifetime && ConnectionRotationMargin >= lifetime)
            throw new ArgumentException(
                $"Feed options for {name}: ConnectionRotationMargin ({ConnectionRotationMargin}) must be less than the exchange's connection lifetime ({lifetime}).",
                nameof(ConnectionRotationMargin));
    }

    /// <summary>The least time between two client messages on one connection.</summary>
    internal TimeSpan ClientMessageInterval(IExchangeProtocol protocol) =>
        SubscribePacing ?? TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond * 1.1 / protocol.MaxClientMessagesPerSecond));

    /// <summary>How long a connection may receive nothing before it is reopened.</summary>
    internal TimeSpan IdleTimeoutFor(IExchangeProtocol protocol, IReadOnlyList<StreamKey> streams)
    {
        if (IdleTimeout is { } idle) return idle;
        if (protocol.PingMessage is not null && protocol.PingInterval > TimeSpan.Zero) return protocol.PingInterval * 2;
        var longest = TimeSpan.Zero;
        foreach (var stream in streams)
        {
            var stale = StaleAfter(protocol, stream.Kind);
            if (stale > longest) longest = stale;
        }

        return longest * 2;
    }
}
