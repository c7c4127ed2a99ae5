using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Archiver.Backup.Tests;

/// <summary>
/// A real S3-compatible server for the tests: <c>node tests/interop/s3rver.mjs</c> (s3rver 3.7.1 from the root
/// package-lock.json; run scripts/install-test-tools.sh once) on 127.0.0.1 with a random port, its data in a temporary
/// directory, buckets created at start; stopped (stdin closed, then killed) at the end.
/// </summary>
/// <remarks>
/// s3rver 3.7.1 with AWS SDK v4: chunk encoding must be off (it would store the aws-chunked framing), and the tests keep
/// every listing under 1000 keys (one page), since its continuation tokens fail on recent Node versions.
/// </remarks>
public sealed class S3rverFixture : IDisposable
{
    public const string BucketName = "archive-backup";

    private readonly Process _process;
    private readonly string _directory;

    public S3rverFixture()
    {
        var root = RepositoryRoot;
        if (!Directory.Exists(Path.Combine(root, "node_modules", "s3rver")))
            throw new InvalidOperationException($"s3rver is not installed under {root}/node_modules: run scripts/install-test-tools.sh");
        _directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // s3rver 3.7.1 encrypts list continuation tokens with DES, which Node 20's OpenSSL only has in its legacy
        // provider: without it any listing longer than one page (1,000 keys) fails.
        psi.ArgumentList.Add("--openssl-legacy-provider");
        psi.ArgumentList.Add(Path.Combine(root, "tests", "interop", "s3rver.mjs"));
        psi.ArgumentList.Add(_directory);
        psi.ArgumentList.Add(BucketName);
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is null)
        {
            Kill();
            throw new InvalidOperationException("s3rver did not start within 30 s");
        }

        using var doc = JsonDocument.Parse(line.Result);
        Port = doc.RootElement.GetProperty("port").GetInt32();
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Options for the test bucket (s3rver's fixed credentials S3RVER/S3RVER) under a key prefix unique to the caller.</summary>
    public BucketOptions Bucket(string? prefix = null, string? endpoint = null) => new()
    {
        Endpoint = endpoint ?? Endpoint,
        Region = "us-east-1",
        Bucket = BucketName,
        Prefix = prefix ?? Guid.NewGuid().ToString("N"),
        ForcePathStyle = true,
        AccessKey = "S3RVER",
        SecretKey = "S3RVER",
    };

    public static string RepositoryRoot =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(typeof(S3rverFixture).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!));

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) Kill();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
