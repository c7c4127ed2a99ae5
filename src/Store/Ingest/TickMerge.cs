using System.Runtime.InteropServices;
using Archiver.Store.Buckets;

namespace Archiver.Store.Ingest;

/// <summary>
/// Merges a file's rows (sorted through a permutation) with the rows of other files kept from the replaced range (already
/// in time order) into the columns of one variable-bucket write. Equal times are ordered by receive time, so rows of
/// different files interleave the same way whatever order the files were ingested in; rows of one file keep their
/// file order. The output arrays are new for every write (the store may keep what it is given); the merge plan is a
/// reused buffer.
/// </summary>
internal sealed class TickMerge
{
    private int[] _plan = [];
    private long[] _time = [];

    /// <summary>The merged times (Unix nanoseconds) of the last <see cref="Merge"/>.</summary>
    public ReadOnlySpan<long> Time => _time.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>
    /// Merges <paramref name="fresh"/> (visited in <paramref name="order"/>, or row order when empty) with
    /// <paramref name="kept"/>; returns Epoch, Nanoseconds and the element columns.
    /// </summary>
    public ColumnSeries Merge(TickRows fresh, ReadOnlySpan<int> order, TickRows kept)
    {
        var nf = fresh.Count;
        var nk = kept.Count;
        var total = nf + nk;
        Count = total;
        if (_time.Length < total) _time = new long[Math.Max(total, _time.Length * 2)];
        ReadOnlySpan<int> plan;
        if (nk == 0 && order.IsEmpty)
        {
            plan = default;
            fresh.Time.CopyTo(_time);
        }
        else if (nk == 0)
        {
            plan = order;
            var ft = fresh.Time;
            for (var i = 0; i < total; i++) _time[i] = ft[order[i]];
        }
        else
        {
            if (_plan.Length < total) _plan = new int[Math.Max(total, _plan.Length * 2)];
            BuildPlan(fresh, order, kept, _plan.AsSpan(0, total), _time);
            plan = _plan.AsSpan(0, total);
        }

        var columns = new Column[2 + fresh.Elements.Count];
        var epoch = GC.AllocateUninitializedArray<byte>(total * 8);
        var nanos = GC.AllocateUninitializedArray<byte>(total * 4);
        SplitTimes(_time.AsSpan(0, total), MemoryMarshal.Cast<byte, long>(epoch.AsSpan()), MemoryMarshal.Cast<byte, int>(nanos.AsSpan()));
        columns[0] = new Column(ColumnSeries.EpochColumn, ColumnType.I8, epoch);
        for (var c = 0; c < fresh.Elements.Count; c++)
        {
            var spec = fresh.Elements[c];
            var bytes = GC.AllocateUninitializedArray<byte>(total * spec.Type.Size());
            if (plan.IsEmpty) fresh.Bytes(c).CopyTo(bytes);
            else Gather(spec.Type.Size(), fresh.Bytes(c), kept.Bytes(c), plan, bytes);
            columns[1 + c] = new Column(spec.Name, spec.Type, bytes);
        }

        columns[^1] = new Column(ColumnSeries.NanosecondsColumn, ColumnType.I4, nanos);
        return new ColumnSeries(columns);
    }

    /// <summary>plan[i] ≥ 0: fresh row plan[i]; plan[i] &lt; 0: kept row ~plan[i].</summary>
    private static void BuildPlan(TickRows fresh, ReadOnlySpan<int> order, TickRows kept, Span<int> plan, Span<long> time)
    {
        var ft = fresh.Time;
        var fr = fresh.Receive;
        var kt = kept.Time;
        var kr = kept.Receive;
        int a = 0, b = 0;
        for (var i = 0; i < plan.Length; i++)
        {
            var takeFresh = b >= kt.Length;
            if (!takeFresh && a < ft.Length)
            {
                var row = order.IsEmpty ? a : order[a];
                takeFresh = ft[row] < kt[b] || (ft[row] == kt[b] && fr[row] < kr[b]);
            }

            if (takeFresh)
            {
                var row = order.IsEmpty ? a : order[a];
                plan[i] = row;
                time[i] = ft[row];
                a++;
            }
            else
            {
                plan[i] = ~b;
                time[i] = kt[b];
                b++;
            }
        }
    }

    private static void SplitTimes(ReadOnlySpan<long> time, Span<long> epoch, Span<int> nanos)
    {
        for (var i = 0; i < time.Length; i++)
        {
            var t = time[i];
            var s = (t / 1_000_000_000L) - (t % 1_000_000_000L < 0 ? 1 : 0);
            epoch[i] = s;
            nanos[i] = (int)(t - (s * 1_000_000_000L));
        }
    }

    private static void Gather(int size, ReadOnlySpan<byte> fresh, ReadOnlySpan<byte> kept, ReadOnlySpan<int> plan, Span<byte> target)
    {
        switch (size)
        {
            case 1: Gather<byte>(fresh, kept, plan, target); break;
            case 2: Gather<short>(fresh, kept, plan, target); break;
            case 4: Gather<int>(fresh, kept, plan, target); break;
            case 8: Gather<long>(fresh, kept, plan, target); break;
            default: throw new ArgumentOutOfRangeException(nameof(size), size, "ingest columns are 1, 2, 4 or 8 bytes wide");
        }
    }

    private static void Gather<T>(ReadOnlySpan<byte> freshBytes, ReadOnlySpan<byte> keptBytes, ReadOnlySpan<int> plan, Span<byte> targetBytes)
        where T : unmanaged
    {
        var fresh = MemoryMarshal.Cast<byte, T>(freshBytes);
        var kept = MemoryMarshal.Cast<byte, T>(keptBytes);
        var target = MemoryMarshal.Cast<byte, T>(targetBytes);
        for (var i = 0; i < plan.Length; i++)
        {
            var s = plan[i];
            target[i] = s >= 0 ? fresh[s] : kept[~s];
        }
    }
}
