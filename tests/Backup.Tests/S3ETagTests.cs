using System.Security.Cryptography;
using System.Text;

namespace Archiver.Backup.Tests;

public class S3ETagTests
{
    [Fact]
    public void Single_part_ETag_is_the_hex_MD5_of_the_content()
    {
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", S3ETag.SinglePart("hello"u8));
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", S3ETag.SinglePart([]));
    }

    [Fact]
    public void Multipart_ETag_is_the_MD5_of_the_part_MD5s_with_the_part_count()
    {
        var data = new byte[25];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)i;
        var parts = new[] { data[..10], data[10..20], data[20..] };
        var concatenated = parts.SelectMany(p => MD5.HashData(p)).ToArray();
        var expected = Convert.ToHexStringLower(MD5.HashData(concatenated)) + "-3";
        Assert.Equal(expected, S3ETag.Multipart(data, 10));
        Assert.Equal(3, S3ETag.PartCount(25, 10));
        Assert.Equal(2, S3ETag.PartCount(20, 10));
    }

    [Fact]
    public void Known_multipart_ETag_of_two_parts()
    {
        // Two parts "aaaaa" + "bb": md5(md5("aaaaa") || md5("bb")) + "-2", computed independently here.
        var expected = Convert.ToHexStringLower(MD5.HashData(MD5.HashData(Encoding.ASCII.GetBytes("aaaaa")).Concat(MD5.HashData(Encoding.ASCII.GetBytes("bb"))).ToArray())) + "-2";
        Assert.Equal(expected, S3ETag.Multipart(Encoding.ASCII.GetBytes("aaaaabb"), 5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task One_pass_hashes_agree_with_the_direct_computations_whatever_the_read_sizes(int partSize)
    {
        var data = new byte[3 * 1024 * 1024 + 123];
        new Random(7).NextBytes(data);
        if (partSize == 1) data = data[..5000];
        using var stream = new MemoryStream(data);
        var h = await S3ETag.ComputeAsync(stream, partSize);
        Assert.Equal(data.Length, h.Length);
        Assert.Equal(S3ETag.SinglePart(data), h.Md5);
        Assert.Equal(S3ETag.Multipart(data, partSize), h.MultipartETag);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), h.Sha256);
        Assert.True(h.Matches("\"" + h.Md5.ToUpperInvariant() + "\""));
        Assert.True(h.Matches(h.MultipartETag));
        Assert.False(h.Matches("00000000000000000000000000000000"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(999)]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(2000)]
    [InlineData(2500)]
    public void File_hashes_at_and_around_part_boundaries_agree_with_part_MD5s_computed_one_by_one(int length)
    {
        const int partSize = 1000;
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var path = Path.Combine(Path.GetTempPath(), $"s3etag-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, data);
        try
        {
            var h = S3ETag.ComputeFile(path, partSize);
            var parts = Enumerable.Range(0, Math.Max(1, (length + partSize - 1) / partSize))
                .Select(i => data.AsSpan(i * partSize, Math.Min(partSize, length - (i * partSize))).ToArray()).ToList();
            var expected = Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(p => MD5.HashData(p)).ToArray())) + "-" + parts.Count;
            Assert.Equal(expected, h.MultipartETag);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), h.Md5);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), h.Sha256);
            Assert.Equal(length, h.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Normalize_strips_quotes()
    {
        Assert.Equal("abc-2", S3ETag.Normalize("\"ABC-2\""));
        Assert.True(S3ETag.IsMultipart("\"abc-2\""));
        Assert.False(S3ETag.IsMultipart("abc"));
    }
}
