using Archiver.Feeds.Connections;

namespace Archiver.Feeds.Tests.Connections;

public sealed class ReconnectPolicyTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Stable = TimeSpan.FromSeconds(30);

    [Fact]
    public void Delays_double_their_cap_up_to_the_maximum_and_never_go_below_the_minimum()
    {
        var policy = new ReconnectPolicy(Min, Max, Stable, new FakeTimeProvider(), new Random(42));
        var expectedCaps = new[] { 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60, 60 };
        for (var attempt = 0; attempt < expectedCaps.Length; attempt++)
        {
            Assert.Equal(TimeSpan.FromSeconds(expectedCaps[attempt]), policy.CapFor(attempt));
            var delay = policy.NextDelay();
            Assert.InRange(delay, Min, TimeSpan.FromSeconds(expectedCaps[attempt]));
            Assert.Equal(attempt + 1, policy.Attempt);
        }

        Assert.Equal(Max, policy.CapFor(1000));
    }

    [Fact]
    public void Delays_are_jittered_so_connections_dropped_together_come_back_apart()
    {
        var time = new FakeTimeProvider();
        var random = new Random(42);
        var delays = Enumerable.Range(0, 20)
            .Select(_ => new ReconnectPolicy(Min, Max, Stable, time, random))
            .Select(policy => SixthDelay(policy))
            .ToArray();

        Assert.All(delays, d => Assert.InRange(d, Min, Max));
        Assert.True(delays.Distinct().Count() >= 15, $"only {delays.Distinct().Count()} distinct delays of 20");
        var spread = delays.Max() - delays.Min();
        Assert.True(spread > TimeSpan.FromSeconds(20), $"the sixth delays spread over only {spread}");
    }

    private static TimeSpan SixthDelay(ReconnectPolicy policy)
    {
        for (var i = 0; i < 5; i++) policy.NextDelay();
        return policy.NextDelay();
    }

    [Fact]
    public void The_same_seed_gives_the_same_delays()
    {
        var time = new FakeTimeProvider();
        var a = new ReconnectPolicy(Min, Max, Stable, time, new Random(7));
        var b = new ReconnectPolicy(Min, Max, Stable, time, new Random(7));

        var first = new List<TimeSpan>();
        var second = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            first.Add(a.NextDelay());
            second.Add(b.NextDelay());
        }

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_connection_that_stays_up_for_the_stable_period_resets_the_backoff()
    {
        var time = new FakeTimeProvider();
        var policy = new ReconnectPolicy(Min, Max, Stable, time, new Random(1));
        for (var i = 0; i < 6; i++) policy.NextDelay();
        Assert.Equal(6, policy.Attempt);

        policy.OnConnected();
        time.Advance(Stable - TimeSpan.FromSeconds(1));
        policy.NextDelay();
        Assert.Equal(7, policy.Attempt);

        policy.OnConnected();
        time.Advance(Stable);
        var delay = policy.NextDelay();
        Assert.Equal(1, policy.Attempt);
        Assert.InRange(delay, Min, policy.CapFor(0));
    }

    [Fact]
    public void A_failed_connect_after_a_stable_connection_does_not_count_the_old_connection_twice()
    {
        var time = new FakeTimeProvider();
        var policy = new ReconnectPolicy(Min, Max, Stable, time, new Random(1));
        policy.OnConnected();
        time.Advance(Stable * 2);
        policy.NextDelay();
        policy.NextDelay();
        policy.NextDelay();

        Assert.Equal(3, policy.Attempt);
    }

    [Fact]
    public void Nonsensical_bounds_are_refused()
    {
        var time = new FakeTimeProvider();
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectPolicy(TimeSpan.Zero, Max, Stable, time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectPolicy(Max, Min, Stable, time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectPolicy(Min, Max, TimeSpan.Zero, time));
    }
}
