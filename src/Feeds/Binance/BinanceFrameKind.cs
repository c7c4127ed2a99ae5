namespace Archiver.Feeds.Binance;

/// <summary>What a parsed Binance frame carries.</summary>
internal enum BinanceFrameKind : byte
{
    None = 0,

    /// <summary>A partial-depth <c>depthUpdate</c> payload.</summary>
    Depth = 1,

    /// <summary>A <c>trade</c> payload.</summary>
    Trade = 2,

    /// <summary>A reply to a control request: <c>{"result":…,"id":N}</c>.</summary>
    Reply = 3,

    /// <summary>An error reply: <c>{"error":{"code":…,"msg":…},"id":N}</c>.</summary>
    Error = 4,
}
