using System.Globalization;
using Archiver.Store.Buckets;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// Turns a written NumpyMultiDataset into <see cref="BucketWrite"/>s: one per key with rows, columns as slices of the
/// request body (no per-value copies), Epoch first and Nanoseconds second when present. Shape errors are
/// <see cref="StoreException"/>s with MarketStore's texts where it has them.
/// </summary>
public static class DatasetWrites
{
    public static IReadOnlyList<BucketWrite> From(DatasetArgs dataset, bool isVariableLength)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var n = dataset.Names.Count;
        if (dataset.Types.Count != n || dataset.Data.Count != n)
            throw new StoreException(string.Create(CultureInfo.InvariantCulture, $"dataset has {n} names, {dataset.Types.Count} types and {dataset.Data.Count} data columns"));
        if (dataset.Length is < 0 or > int.MaxValue)
            throw new StoreException(string.Create(CultureInfo.InvariantCulture, $"dataset length {dataset.Length} is out of range"));
        var length = (int)dataset.Length;

        var types = new ColumnType[n];
        var epoch = -1;
        var nanos = -1;
        for (var i = 0; i < n; i++)
        {
            types[i] = ColumnTypes.Parse(dataset.Types[i]);
            var name = dataset.Names[i];
            if (string.IsNullOrEmpty(name)) throw new StoreException("dataset has a column without a name");
            if ((long)length * types[i].Size() != dataset.Data[i].Length)
            {
                throw new StoreException(string.Create(CultureInfo.InvariantCulture,
                    $"column {name} has {dataset.Data[i].Length} bytes, expected {length} rows of {dataset.Types[i]}"));
            }

            if (string.Equals(name, ColumnSeries.EpochColumn, StringComparison.Ordinal)) epoch = i;
            else if (string.Equals(name, ColumnSeries.NanosecondsColumn, StringComparison.Ordinal)) nanos = i;
        }

        if (epoch < 0 || types[epoch] != ColumnType.I8) throw new StoreException("unexpected data type for Epoch column");
        if (nanos >= 0 && types[nanos] != ColumnType.I4) throw new StoreException("unexpected data type for Nanoseconds column");

        var order = new List<int>(n) { epoch };
        if (nanos >= 0) order.Add(nanos);
        for (var i = 0; i < n; i++)
        {
            if (i != epoch && i != nanos) order.Add(i);
        }

        var writes = new List<BucketWrite>(dataset.StartIndex.Count);
        foreach (var (keyText, start) in dataset.StartIndex)
        {
            if (!dataset.Lengths.TryGetValue(keyText, out var rows))
                throw new StoreException($"dataset key {keyText} has a start index but no length");
            if (start < 0 || rows < 0 || start + rows > length)
            {
                throw new StoreException(string.Create(CultureInfo.InvariantCulture,
                    $"dataset key {keyText}: rows [{start}, {start + rows}) are outside the {length} rows sent"));
            }

            if (rows == 0) continue;
            var key = BucketKey.Parse(keyText);
            var columns = new Column[n];
            for (var j = 0; j < n; j++)
            {
                var i = order[j];
                var size = types[i].Size();
                columns[j] = new Column(dataset.Names[i], types[i], dataset.Data[i].Slice((int)start * size, (int)rows * size));
            }

            writes.Add(new BucketWrite(key, new ColumnSeries(columns), isVariableLength));
        }

        return writes;
    }
}
