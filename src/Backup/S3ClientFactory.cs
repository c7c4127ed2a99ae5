using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Archiver.Backup;

/// <summary>Creates S3 clients for <see cref="BucketOptions"/>.</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// A client for <paramref name="options"/>: checksums only when the operation requires them (S3-compatible
    /// servers reject or mishandle the newer flexible checksums), no SDK retries (<see cref="Transfers"/> retries
    /// with its own backoff), credentials from the options or else the standard AWS sources.
    /// </summary>
    public static IAmazonS3 Create(BucketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (string.IsNullOrEmpty(options.Endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.Endpoint;
            config.AuthenticationRegion = options.Region;
        }

        if (!string.IsNullOrEmpty(options.AccessKey) || !string.IsNullOrEmpty(options.SecretKey))
        {
            if (string.IsNullOrEmpty(options.AccessKey) || string.IsNullOrEmpty(options.SecretKey))
                throw new BackupException("both an access key and a secret key are needed (or neither, to use the AWS environment variables or config)");
            return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        }

        try
        {
            return new AmazonS3Client(config);
        }
        catch (AmazonClientException e)
        {
            throw new BackupException("no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or configure an AWS profile", e);
        }
    }
}
