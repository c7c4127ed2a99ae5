namespace Archiver.Store.Ingest;

/// <summary>An inclusive span of Unix nanoseconds.</summary>
internal readonly record struct NanosRange(long First, long Last)
{
    public NanosRange Union(NanosRange other) => new(Math.Min(First, other.First), Math.Max(Last, other.Last));

    /// <summary>Widened to whole minutes: from the first minute's start to the last nanosecond of the last minute.</summary>
    public NanosRange ToWholeMinutes() =>
        new(FloorMinute(First), FloorMinute(Last) + MinuteBarBuilder.NanosPerMinute - 1);

    public static long FloorMinute(long nanos) =>
        ((nanos / MinuteBarBuilder.NanosPerMinute) - (nanos % MinuteBarBuilder.NanosPerMinute < 0 ? 1 : 0)) * MinuteBarBuilder.NanosPerMinute;
}
