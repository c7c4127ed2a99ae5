namespace Archiver.Feeds.Connections;

/// <summary>
/// Capped exponential backoff with full jitter between reconnect attempts. Attempt <c>n</c> (from 0) waits a uniformly
/// random time in [<c>min</c>, <c>min(max, min · 2^(n+1))</c>]: never faster than the minimum (the exchanges count
/// connection attempts per IP), spread so that many connections dropped together do not come back together. A
/// connection that stayed up for the stable period resets the backoff. Not thread-safe: one connection owns one policy.
/// </summary>
public sealed class ReconnectPolicy
{
    /// <summary>Doubling stops here; 2^30 · any sensible minimum exceeds any sensible maximum.</summary>
    private const int MaxExponent = 30;

    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly TimeSpan _stablePeriod;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private long? _connectedAt;

    /// <param name="minDelay">The least delay, and the first attempt's lower bound.</param>
    /// <param name="maxDelay">The cap of every delay.</param>
    /// <param name="stablePeriod">How long a connection must stay up to reset the backoff.</param>
    /// <param name="time">The clock measuring how long connections stayed up.</param>
    /// <param name="random">The jitter source (tests pass a seeded one); <see cref="Random.Shared"/> by default.</param>
    public ReconnectPolicy(TimeSpan minDelay, TimeSpan maxDelay, TimeSpan stablePeriod, TimeProvider time, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, minDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stablePeriod, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _min = minDelay;
        _max = maxDelay;
        _stablePeriod = stablePeriod;
        _time = time;
        _random = random ?? Random.Shared;
    }

    /// <summary>Failed attempts since the last reset (the exponent of the next delay).</summary>
    public int Attempt { get; private set; }

    /// <summary>A connection was established now; if it lasts the stable period, the next failure starts afresh.</summary>
    public void OnConnected() => _connectedAt = _time.GetTimestamp();

    /// <summary>
    /// The delay before the next attempt, after a failure (a failed connect or a lost connection). Resets the backoff
    /// first when the connection that just ended had stayed up for the stable period.
    /// </summary>
    public TimeSpan NextDelay()
    {
        if (_connectedAt is { } connectedAt && _time.GetElapsedTime(connectedAt) >= _stablePeriod) Attempt = 0;
        _connectedAt = null;
        var cap = CapFor(Attempt);
        if (Attempt < MaxExponent) Attempt++;
        var spread = cap - _min;
        return _min + TimeSpan.FromTicks((long)(_random.NextDouble() * spread.Ticks));
    }

    /// <summary>Starts the backoff afresh.</summary>
    public void Reset()
    {
        Attempt = 0;
        _connectedAt = null;
    }

    /// <summary>The upper bound of attempt <paramref name="attempt"/>'s delay.</summary>
    public TimeSpan CapFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var exponent = Math.Min(attempt + 1, MaxExponent);
        var ticks = _min.Ticks * Math.Pow(2, exponent);
        return ticks >= _max.Ticks ? _max : TimeSpan.FromTicks((long)ticks);
    }
}
