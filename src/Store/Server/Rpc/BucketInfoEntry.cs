using Archiver.Store.Buckets;

namespace Archiver.Store.Server.Rpc;

/// <summary>One answer of GetInfo: the bucket (null when the request failed) and the <c>ServerResp</c>.</summary>
public sealed record BucketInfoEntry(BucketInfo? Bucket, int LatestYear, ServerResponse Response);
