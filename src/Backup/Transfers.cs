using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;
using Polly.Retry;

namespace Archiver.Backup;

internal static class Transfers
{
    public static ResiliencePipeline Pipeline(RetryOptions options, Action<Exception>? onRetry = null)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e) onRetry?.Invoke(e);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>Whether <paramref name="e"/> is worth retrying: throttling, server errors, timeouts, broken connections.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        AmazonServiceException s when s.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout
            or HttpStatusCode.TooManyRequests => true,
        AmazonServiceException s when s.ErrorCode is "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable"
            or "RequestTimeTooSkewed" => true,
        AmazonServiceException s when (int)s.StatusCode == 0 && s.InnerException is not null => IsTransient(s.InnerException),
        AmazonClientException c when c.InnerException is not null => IsTransient(c.InnerException),
        HttpRequestException => true,
        IOException => true,
        TimeoutException => true,
        TaskCanceledException t when t.InnerException is TimeoutException => true,
        _ => false,
    };

    /// <summary>A one-line error for a failure that concerns the bucket as a whole, or null.</summary>
    public static BackupException? BucketError(Exception e, BucketOptions bucket)
    {
        var s = e as AmazonS3Exception ?? e.InnerException as AmazonS3Exception;
        if (s is not null)
        {
            if (s.ErrorCode == "NoSuchBucket")
                return new BackupException($"bucket '{bucket.Bucket}' does not exist at {bucket.DisplayEndpoint}", e);
            if (s.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "InvalidToken" or "ExpiredToken"
                || s.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                return new BackupException($"access denied by {bucket.DisplayEndpoint}: check credentials", e);
        }

        if (e is AmazonClientException c && c.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase))
            return new BackupException("no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or configure an AWS profile", e);
        if (e is HttpRequestException || e.InnerException is HttpRequestException)
            return new BackupException($"cannot reach {bucket.DisplayEndpoint}: {(e.InnerException ?? e).Message}", e);
        return null;
    }

    /// <summary>A short description of a per-file failure.</summary>
    public static string Describe(Exception e) => e switch
    {
        AmazonServiceException s => $"{s.ErrorCode ?? ((int)s.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {s.Message}",
        _ => e.Message,
    };

    /// <summary>Every object under <paramref name="prefix"/> (retrying transient errors), key → (size, normalised ETag).</summary>
    public static async Task<Dictionary<string, RemoteObject>> ListAsync(IAmazonS3 client, BucketOptions bucket, string prefix,
        ResiliencePipeline pipeline, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, RemoteObject>(StringComparer.Ordinal);
        await foreach (var page in ListPagesAsync(client, bucket, prefix, pipeline, cancellationToken).ConfigureAwait(false))
            foreach (var o in page) result[o.Key] = o;
        return result;
    }

    /// <summary>
    /// The objects under <paramref name="prefix"/> one list page at a time, in key order, as each page arrives
    /// (transient errors retried; a failure that outlasts the retries is one <see cref="BackupException"/>).
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<RemoteObject>> ListPagesAsync(IAmazonS3 client, BucketOptions bucket, string prefix,
        ResiliencePipeline pipeline, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            ListObjectsV2Response response;
            try
            {
                var request = new ListObjectsV2Request { BucketName = bucket.Bucket, Prefix = prefix, ContinuationToken = token };
                response = await pipeline.ExecuteAsync(async ct => await client.ListObjectsV2Async(request, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not BackupException)
            {
                throw BucketError(e, bucket) ?? new BackupException($"cannot list bucket '{bucket.Bucket}' at {bucket.DisplayEndpoint}: {Describe(e)}", e);
            }

            yield return (response.S3Objects ?? []).Select(o => new RemoteObject(o.Key, o.Size ?? 0, S3ETag.Normalize(o.ETag))).ToList();
            token = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (!string.IsNullOrEmpty(token));
    }
}
