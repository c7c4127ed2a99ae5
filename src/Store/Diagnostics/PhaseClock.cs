using System.Diagnostics;

namespace Archiver.Store.Diagnostics;

/// <summary>
/// Process-wide wall-clock totals per <see cref="StorePhase"/>, so the store benchmark can say where ingest time
/// goes. Timed per file or per transaction (never per row); costs two timestamp reads and an interlocked add.
/// </summary>
internal static class PhaseClock
{
    private static readonly long[] Totals = new long[Enum.GetValues<StorePhase>().Length];

    /// <summary>A timestamp to pass to <see cref="Stop"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="started"/> to <paramref name="phase"/>; returns a new start.</summary>
    public static long Stop(StorePhase phase, long started)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref Totals[(int)phase], now - started);
        return now;
    }

    /// <summary>Seconds spent in each phase since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyList<(StorePhase Phase, double Seconds)> Snapshot() =>
        Enum.GetValues<StorePhase>().Select(p => (p, Interlocked.Read(ref Totals[(int)p]) / (double)Stopwatch.Frequency)).ToArray();

    public static void Reset()
    {
        for (var i = 0; i < Totals.Length; i++) Interlocked.Exchange(ref Totals[i], 0);
    }
}
