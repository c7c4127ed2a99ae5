using System.Globalization;
using Archiver.Store.Buckets;
using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary>Builds a <see cref="QueryRequest"/> from the wire fields (seconds plus nanoseconds; nanos only count with their seconds).</summary>
public static class QueryRequests
{
    public static QueryRequest Build(string? destination, long? start, long startNanos, long? end, long endNanos, long limit, bool fromStart,
        IReadOnlyList<string>? columns, IReadOnlyList<string>? functions, bool sql)
    {
        if (sql) throw new StoreException("SQL is not supported");
        return new QueryRequest
        {
            Destination = destination ?? string.Empty,
            Start = start is { } s ? Time(s, startNanos, "epoch_start") : null,
            End = end is { } e ? Time(e, endNanos, "epoch_end") : null,
            Limit = Math.Max(0, limit),
            FromStart = fromStart,
            Columns = columns,
            Functions = functions,
        };
    }

    private static StoreTime Time(long seconds, long nanos, string what)
    {
        var carry = Math.DivRem(nanos, 1_000_000_000L, out var rem);
        if (rem < 0)
        {
            rem += 1_000_000_000L;
            carry--;
        }

        try
        {
            return new StoreTime(checked(seconds + carry), (int)rem);
        }
        catch (OverflowException)
        {
            throw new StoreException(string.Create(CultureInfo.InvariantCulture, $"{what} {seconds} s + {nanos} ns is out of range"));
        }
    }
}
