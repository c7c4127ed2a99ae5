using System.Buffers;
using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// Splits time-ordered rows into candles of a timeframe (<see cref="Timeframe.CandleStart"/>): for each non-empty
/// candle its start time and its first row. The candle boundary is computed once per candle, not per row.
/// </summary>
internal sealed class CandleGroups : IDisposable
{
    private readonly int[] _starts;
    private readonly long[] _epochs;

    /// <param name="epochs">Row times in seconds, ascending.</param>
    /// <param name="timeframe">The candle length.</param>
    public CandleGroups(ReadOnlySpan<long> epochs, Timeframe timeframe)
    {
        _starts = ArrayPool<int>.Shared.Rent(epochs.Length + 1);
        _epochs = ArrayPool<long>.Shared.Rent(Math.Max(epochs.Length, 1));
        var count = 0;
        var end = long.MinValue;
        for (var row = 0; row < epochs.Length; row++)
        {
            var t = epochs[row];
            if (t < end) continue;
            var start = timeframe.CandleStart(t);
            end = NextStart(timeframe, start);
            _starts[count] = row;
            _epochs[count] = start;
            count++;
        }

        _starts[count] = epochs.Length;
        Count = count;
    }

    /// <summary>Number of non-empty candles.</summary>
    public int Count { get; }

    /// <summary>Candle starts (Unix seconds), ascending.</summary>
    public ReadOnlySpan<long> Epochs => _epochs.AsSpan(0, Count);

    /// <summary>First row of each candle, then the row count (Count + 1 entries).</summary>
    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, Count + 1);

    /// <summary>The start of the candle after the one starting at <paramref name="start"/>.</summary>
    public static long NextStart(Timeframe timeframe, long start)
    {
        // Months are counted as 31 days in Seconds: a step of that length always lands in the next window.
        var next = timeframe.CandleStart(start + timeframe.Seconds);
        return next > start ? next : start + timeframe.Seconds;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_starts);
        ArrayPool<long>.Shared.Return(_epochs);
    }
}
