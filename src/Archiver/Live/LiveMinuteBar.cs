namespace Archiver.Cli.Live;

/// <summary>
/// What the live writer knows of a symbol's tick bucket without reading it: the time of its latest stored tick
/// (<see cref="LastTime"/>, Unix ns) and the bar <see cref="Store.Ingest.MinuteBarBuilder"/> has built, in store order,
/// from the stored ticks of that tick's minute up to it (<see cref="Open"/> … <see cref="Volume"/>), so ticks at or after
/// <see cref="LastTime"/> continue the bar exactly as a rebuild from the stored ticks would. <see cref="Known"/> false:
/// nothing is known (the next bar write reads the stored ticks back). <see cref="Minute"/> is <see cref="long.MinValue"/>
/// for a bucket known to hold no ticks.
/// </summary>
internal readonly record struct LiveMinuteBar(
    bool Known, long Minute, long LastTime, double Open, double High, double Low, double Close, double Volume)
{
    /// <summary>Nothing known: read back before computing bars.</summary>
    public static LiveMinuteBar Unknown => default;

    /// <summary>Known to hold no ticks (the bucket does not exist).</summary>
    public static LiveMinuteBar Empty => new(true, long.MinValue, long.MinValue, 0, 0, 0, 0, 0);
}
