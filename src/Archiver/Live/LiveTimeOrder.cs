namespace Archiver.Cli.Live;

/// <summary>
/// Sort key of one record of a flush: the exchange time (Unix ns), then the receive time, then the arrival index, so
/// records with equal exchange times are stored in the order ingest gives them (by receive time, then file order).
/// </summary>
internal readonly record struct LiveTimeOrder(long Time, long Receive, int Index) : IComparable<LiveTimeOrder>
{
    public int CompareTo(LiveTimeOrder other)
    {
        var c = Time.CompareTo(other.Time);
        if (c != 0) return c;
        c = Receive.CompareTo(other.Receive);
        return c != 0 ? c : Index.CompareTo(other.Index);
    }
}
