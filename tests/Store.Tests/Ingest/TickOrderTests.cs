using Archiver.Store.Ingest;

namespace Archiver.Store.Tests.Ingest;

public sealed class TickOrderTests
{
    private static int[] Reference(long[] times) => Enumerable.Range(0, times.Length).OrderBy(i => times[i]).ToArray(); // LINQ OrderBy is stable

    [Theory]
    [InlineData(1_000, 5)]        // nearly sorted: the insertion path
    [InlineData(20_000, 100_000)] // far out of order: the general sort path
    public void The_permutation_is_the_stable_ascending_order_with_ties_in_row_order(int n, int disorder)
    {
        var random = new Random(3);
        var times = Enumerable.Range(0, n).Select(i => (long)(i / 3) + random.Next(disorder)).ToArray();
        var order = new int[n];
        long[]? scratch = null;

        TickOrder.Sort(times, order, ref scratch);

        Assert.Equal(Reference(times), order);
        Assert.False(TickOrder.IsSorted(times));
        Assert.True(TickOrder.IsSorted(order.Select(i => times[i]).ToArray()));
    }
}
