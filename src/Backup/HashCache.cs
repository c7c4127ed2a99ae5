using System.Globalization;
using System.Text;

namespace Archiver.Backup;

/// <summary>
/// Local file hashes keyed by relative path and validated by size and last-write time, so a run over an unchanged
/// archive reads no file. Stored as tab-separated lines in <see cref="FileName"/> under the archive root (a name
/// <c>ArchivePaths.TryParse</c> rejects, so it is never uploaded); written to a temporary name and renamed.
/// </summary>
public sealed class HashCache
{
    /// <summary>The cache file's name under the archive root.</summary>
    public const string FileName = ".backup-cache";

    private const string Header = "# archiver backup hash cache v1: path size mtime-ticks part-size md5 multipart-etag sha256";

    private readonly string _path;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _hits;
    private int _misses;

    private sealed record Entry(long Size, long MtimeTicks, S3ETag.Hashes Hashes);

    private HashCache(string path) => _path = path;

    /// <summary>Hashes found valid in the cache.</summary>
    public int Hits => _hits;

    /// <summary>Files that had to be read to hash them.</summary>
    public int Misses => _misses;

    /// <summary>Loads the cache of <paramref name="archiveRoot"/>; a missing or unreadable cache is empty.</summary>
    public static HashCache Load(string archiveRoot)
    {
        var cache = new HashCache(Path.Combine(archiveRoot, FileName));
        try
        {
            if (!File.Exists(cache._path)) return cache;
            foreach (var line in File.ReadLines(cache._path))
            {
                if (line.StartsWith('#')) continue;
                var f = line.Split('\t');
                if (f.Length != 7) continue;
                if (!long.TryParse(f[1], CultureInfo.InvariantCulture, out var size) ||
                    !long.TryParse(f[2], CultureInfo.InvariantCulture, out var mtime) ||
                    !long.TryParse(f[3], CultureInfo.InvariantCulture, out var partSize) || partSize <= 0) continue;
                cache._entries[f[0]] = new Entry(size, mtime, new S3ETag.Hashes(size, f[4], f[5], partSize, f[6]));
            }
        }
        catch (IOException)
        {
            cache._entries.Clear();
        }
        catch (UnauthorizedAccessException)
        {
            cache._entries.Clear();
        }

        return cache;
    }

    /// <summary>
    /// The hashes of <paramref name="fullPath"/> (relative path <paramref name="relativePath"/>) for part size
    /// <paramref name="partSize"/>: from the cache when size and last-write time are unchanged, else read and hashed.
    /// </summary>
    public S3ETag.Hashes Get(string fullPath, string relativePath, long partSize, CancellationToken cancellationToken)
    {
        var info = new FileInfo(fullPath);
        var size = info.Length;
        var mtime = info.LastWriteTimeUtc.Ticks;
        lock (_lock)
        {
            if (_entries.TryGetValue(relativePath, out var e) && e.Size == size && e.MtimeTicks == mtime && e.Hashes.PartSize == partSize)
            {
                _hits++;
                return e.Hashes;
            }
        }

        Interlocked.Increment(ref _misses);
        var hashes = S3ETag.ComputeFile(fullPath, partSize, cancellationToken);
        info.Refresh();
        lock (_lock)
        {
            // Only cache what is still the file's state after reading it.
            if (info.Length == hashes.Length && info.LastWriteTimeUtc.Ticks == mtime)
                _entries[relativePath] = new Entry(hashes.Length, mtime, hashes);
        }

        return hashes;
    }

    /// <summary>Keeps only the entries of <paramref name="relativePaths"/> (files that still exist).</summary>
    public void Retain(IReadOnlySet<string> relativePaths)
    {
        lock (_lock)
        {
            foreach (var k in _entries.Keys.Where(k => !relativePaths.Contains(k)).ToList()) _entries.Remove(k);
        }
    }

    /// <summary>Writes the cache (temporary file, then rename).</summary>
    public void Save()
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        lock (_lock)
        {
            foreach (var (path, e) in _entries.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{path}\t{e.Size}\t{e.MtimeTicks}\t{e.Hashes.PartSize}\t{e.Hashes.Md5}\t{e.Hashes.MultipartETag}\t{e.Hashes.Sha256}\n");
            }
        }

        var dir = Path.GetDirectoryName(_path)!;
        var tmp = Path.Combine(dir, $".backup-cache.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(tmp, sb.ToString());
            File.Move(tmp, _path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
