using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Archiver.Backup;

/// <summary>
/// The ETag S3 gives an object, computed locally: for a single-part upload the hex MD5 of the content; for a multipart
/// upload with a fixed part size the hex MD5 of the concatenated binary MD5s of the parts, then "-" and the part count.
/// </summary>
public static class S3ETag
{
    /// <summary>The ETag of a single-part upload of <paramref name="content"/>.</summary>
    public static string SinglePart(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(MD5.HashData(content));

    /// <summary>The ETag of a multipart upload of <paramref name="content"/> in parts of <paramref name="partSize"/> bytes.</summary>
    public static string Multipart(ReadOnlySpan<byte> content, long partSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partSize);
        using var acc = new Accumulator(partSize);
        acc.Append(content);
        return acc.Finish().MultipartETag;
    }

    /// <summary>The number of parts of a <paramref name="length"/>-byte file in parts of <paramref name="partSize"/> (at least 1).</summary>
    public static int PartCount(long length, long partSize) =>
        length <= 0 ? 1 : checked((int)((length + partSize - 1) / partSize));

    /// <summary>Strips the quotes S3 puts around ETags and lowercases.</summary>
    public static string Normalize(string? etag) => (etag ?? "").Trim().Trim('"').ToLowerInvariant();

    /// <summary>Whether <paramref name="etag"/> is the ETag of a multipart upload.</summary>
    public static bool IsMultipart(string? etag) => Normalize(etag).Contains('-', StringComparison.Ordinal);

    /// <summary>The hashes of one pass over a file.</summary>
    public sealed record Hashes(long Length, string Md5, string MultipartETag, long PartSize, string Sha256)
    {
        /// <summary>The ETag an upload with <paramref name="multipartThreshold"/> produces.</summary>
        public string ExpectedETag(long multipartThreshold) => Length > multipartThreshold ? MultipartETag : Md5;

        /// <summary>Whether a remote <paramref name="etag"/> matches this content (single-part, or multipart with the same part size).</summary>
        public bool Matches(string? etag)
        {
            var e = Normalize(etag);
            return e.Length > 0 && (e == Md5 || e == MultipartETag);
        }
    }

    /// <summary>Hashes a stream in one pass: MD5, the multipart ETag for <paramref name="partSize"/>, SHA-256.</summary>
    public static async Task<Hashes> ComputeAsync(Stream stream, long partSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var acc = new Accumulator(partSize);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer.AsMemory(0, ReadSize), cancellationToken).ConfigureAwait(false)) > 0) acc.Append(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return acc.Finish();
    }

    /// <summary>
    /// Hashes a file like <see cref="ComputeAsync(Stream, long, CancellationToken)"/>, with plain positional reads into a
    /// pooled buffer: archive files are small and usually in the page cache, where a synchronous read costs less than
    /// scheduling an asynchronous one, and a fresh 1 MiB buffer per file would be a large-object allocation each time.
    /// </summary>
    public static Hashes ComputeFile(string path, long partSize, CancellationToken cancellationToken = default)
    {
        using var acc = new Accumulator(partSize);
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            long position = 0;
            int n;
            while ((n = RandomAccess.Read(file, buffer.AsSpan(0, ReadSize), position)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                acc.Append(buffer.AsSpan(0, n));
                position += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return acc.Finish();
    }

    private const int ReadSize = 1 << 20;

    private sealed class Accumulator : IDisposable
    {
        private readonly long _partSize;
        private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        private readonly IncrementalHash _part = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly MemoryStream _partDigests = new();
        private long _inPart;
        private long _length;
        private int _parts;

        public Accumulator(long partSize)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partSize);
            _partSize = partSize;
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            _sha.AppendData(data);
            _length += data.Length;
            while (!data.IsEmpty)
            {
                var take = (int)Math.Min(data.Length, _partSize - _inPart);
                _md5.AppendData(data[..take]);
                // The first part's MD5 is the whole content's MD5 at the first part boundary: only later parts are
                // hashed twice (most archive files are a single part).
                if (_parts > 0) _part.AppendData(data[..take]);
                _inPart += take;
                data = data[take..];
                if (_inPart == _partSize) ClosePart();
            }
        }

        private void ClosePart()
        {
            _partDigests.Write(_parts == 0 ? _md5.GetCurrentHash() : _part.GetHashAndReset());
            _parts++;
            _inPart = 0;
        }

        public Hashes Finish()
        {
            if (_inPart > 0 || _parts == 0) ClosePart();
            var multipart = Convert.ToHexStringLower(MD5.HashData(_partDigests.ToArray())) + "-" + _parts.ToString(CultureInfo.InvariantCulture);
            return new Hashes(_length, Convert.ToHexStringLower(_md5.GetHashAndReset()), multipart, _partSize,
                Convert.ToHexStringLower(_sha.GetHashAndReset()));
        }

        public void Dispose()
        {
            _md5.Dispose();
            _part.Dispose();
            _sha.Dispose();
            _partDigests.Dispose();
        }
    }
}
