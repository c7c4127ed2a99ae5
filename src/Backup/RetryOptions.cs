namespace Archiver.Backup;

/// <summary>Retry policy and error translation shared by backup and restore.</summary>
public sealed record RetryOptions
{
    /// <summary>Retries after the first attempt of one request.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first backoff delay; doubled each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public static RetryOptions Default { get; } = new();
}
