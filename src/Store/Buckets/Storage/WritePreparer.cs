using System.Buffers;
using System.Text;
using Archiver.Store.Buckets.Log;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Checks a <see cref="BucketWrite"/> against the bucket's schema (MarketStore's rules and error texts) and works out
/// the stored order: slot starts and last-row-wins for fixed buckets, a stable (time, arrival) sort for variable
/// ones. Throws <see cref="StoreException"/> before anything is logged or written.
/// </summary>
internal static class WritePreparer
{
    /// <summary>Longest column name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Most elements a bucket can have.</summary>
    public const int MaxElements = 1024;

    /// <summary>
    /// Prepares <paramref name="write"/> for a bucket with schema <paramref name="existing"/> (null: the write creates
    /// it). Returns null for a no-op (no rows, nothing to replace).
    /// </summary>
    public static PendingEntry? Prepare(BucketWrite write, BucketInfo? existing)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(write.Key);
        ArgumentNullException.ThrowIfNull(write.Data);
        var data = write.Data;
        var rows = data.RowCount;
        if (write.Replace is { } range && range.Start > range.End)
            throw new StoreException($"replace range of {write.Key} starts at {range.Start}, after its end {range.End}");
        if (rows == 0)
        {
            // MarketStore: an empty payload writes nothing and creates nothing. A replace still clears its range.
            if (write.Replace is null || existing is null) return null;
            return new PendingEntry
            {
                Kind = LogEntryKind.Write, Key = write.Key, RecordKind = existing.Kind, Elements = [.. existing.Elements],
                Replace = write.Replace, Rows = 0, Sources = [],
            };
        }

        var columns = data.Columns;
        var epoch = data.Find(ColumnSeries.EpochColumn)
            ?? throw new StoreException($"the write to {write.Key} has no Epoch column");
        if (epoch.Type != ColumnType.I8) throw new StoreException("unexpected data type for Epoch column");
        if (!ReferenceEquals(columns[0], epoch))
            throw new StoreException($"Epoch must be the first column of the write to {write.Key}, not {columns[0].Name}");
        var nanos = data.Find(ColumnSeries.NanosecondsColumn);
        if (nanos is not null && nanos.Type != ColumnType.I4) throw new StoreException("unexpected data type for Nanoseconds column");

        var payload = new List<Column>(columns.Count);
        for (var i = 1; i < columns.Count; i++)
        {
            if (write.IsVariableLength && ReferenceEquals(columns[i], nanos)) continue;
            payload.Add(columns[i]);
        }

        RecordKind kind;
        ColumnSpec[] elements;
        Column[] sources;
        if (existing is null)
        {
            kind = write.IsVariableLength ? RecordKind.Variable : RecordKind.Fixed;
            elements = payload.Select(c => new ColumnSpec(c.Name, c.Type)).ToArray();
            CheckElements(write.Key, elements);
            sources = [.. payload];
        }
        else
        {
            kind = existing.Kind;
            elements = [.. existing.Elements];
            sources = Match(payload, epoch, existing);
        }

        var entry = new PendingEntry
        {
            Kind = LogEntryKind.Write, Key = write.Key, RecordKind = kind, Elements = elements, CreatesBucket = existing is null,
            Replace = write.Replace, Sources = sources,
        };
        try
        {
            Order(entry, write.Key.Timeframe, epoch.Values<long>(), kind == RecordKind.Variable && write.IsVariableLength ? nanos : null, rows);
            return entry;
        }
        catch
        {
            entry.Dispose();
            throw;
        }
    }

    /// <summary>Checks the element list of a bucket about to be created.</summary>
    public static void CheckElements(BucketKey key, IReadOnlyList<ColumnSpec> elements)
    {
        if (elements.Count > MaxElements) throw new StoreException($"bucket {key}: {elements.Count} columns is more than {MaxElements}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in elements)
        {
            if (string.IsNullOrEmpty(e.Name)) throw new StoreException($"bucket {key}: a column name is empty");
            if (Encoding.UTF8.GetByteCount(e.Name) > MaxNameBytes) throw new StoreException($"bucket {key}: column name '{e.Name[..32]}…' is longer than {MaxNameBytes} bytes");
            if (!Enum.IsDefined(e.Type)) throw new StoreException($"bucket {key}: column {e.Name} has an unknown type");
            if (!names.Add(e.Name)) throw new StoreException($"bucket {key}: column {e.Name} appears twice");
        }
    }

    private static Column[] Match(List<Column> payload, Column epoch, BucketInfo bucket)
    {
        var sources = new Column[bucket.Elements.Count];
        var ok = payload.Count == sources.Length;
        for (var i = 0; ok && i < sources.Length; i++)
        {
            var element = bucket.Elements[i];
            Column? found = null;
            foreach (var c in payload)
            {
                if (!string.Equals(c.Name, element.Name, StringComparison.Ordinal)) continue;
                found = c;
                break;
            }

            if (found is null)
            {
                ok = false;
                break;
            }

            if (!ColumnCast.CanCast(found.Type, element.Type))
                throw new StoreException($"cannot cast column {found.Name} from {found.Type.ToTypeString()} to {element.Type.ToTypeString()} of bucket {bucket.Key}");
            sources[i] = found;
        }

        if (!ok)
        {
            var given = string.Join(" ", new[] { epoch }.Concat(payload).Select(c => $"{c.Name}:{c.Type.ToTypeString()}"));
            var expected = string.Join(" ", new[] { new ColumnSpec(ColumnSeries.EpochColumn, ColumnType.I8) }.Concat(bucket.Elements).Select(c => c.ToString()));
            throw new StoreException($"unable to match data columns ({given}) to bucket columns ({expected})");
        }

        return sources;
    }

    private static void Order(PendingEntry entry, Timeframe timeframe, ReadOnlySpan<long> epochs, Column? nanosColumn, int rows)
    {
        var variable = entry.RecordKind == RecordKind.Variable;
        var keys = ArrayPool<long>.Shared.Rent(rows);
        entry.Keys = keys;
        for (var i = 0; i < rows; i++)
        {
            var s = epochs[i];
            if (s is < PartitionScheme.MinSeconds or > PartitionScheme.MaxSeconds)
                throw new StoreException($"Epoch {s} of row {i} of the write to {entry.Key} is outside years 1 to 9999");
            keys[i] = variable ? s : timeframe.SlotStart(s);
        }

        var sorted = true;
        if (variable)
        {
            var nk = ArrayPool<int>.Shared.Rent(rows);
            entry.NanoKeys = nk;
            if (nanosColumn is null)
            {
                Array.Clear(nk, 0, rows);
            }
            else
            {
                var ns = nanosColumn.Values<int>();
                for (var i = 0; i < rows; i++)
                {
                    var n = ns[i];
                    if (n is < 0 or >= 1_000_000_000) throw new StoreException($"Nanoseconds {n} of row {i} of the write to {entry.Key} is outside 0 to 999999999");
                    nk[i] = n;
                }
            }

            for (var i = 1; i < rows && sorted; i++)
                sorted = keys[i - 1] < keys[i] || (keys[i - 1] == keys[i] && nk[i - 1] <= nk[i]);
        }
        else
        {
            for (var i = 1; i < rows && sorted; i++) sorted = keys[i - 1] < keys[i];
        }

        entry.Rows = rows;
        if (sorted) return;
        var perm = ArrayPool<int>.Shared.Rent(rows);
        entry.Permutation = perm;
        for (var i = 0; i < rows; i++) perm[i] = i;
        if (variable)
        {
            perm.AsSpan(0, rows).Sort(new TickOrder(keys, entry.NanoKeys!));
            return;
        }

        perm.AsSpan(0, rows).Sort(new SlotOrder(keys));
        // Equal slots are now in input order: keep the last of each run.
        var m = 0;
        for (var k = 0; k < rows; k++)
        {
            if (k + 1 < rows && keys[perm[k + 1]] == keys[perm[k]]) continue;
            perm[m++] = perm[k];
        }

        entry.Rows = m;
    }

    private readonly struct SlotOrder(long[] keys) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            var c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }

    private readonly struct TickOrder(long[] keys, int[] nanos) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            var c = keys[a].CompareTo(keys[b]);
            if (c != 0) return c;
            c = nanos[a].CompareTo(nanos[b]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}
