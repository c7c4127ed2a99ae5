using Archiver.Store.Buckets;
using Archiver.Store.Buckets.Storage;

namespace Archiver.Store.Tests.Buckets;

/// <summary>A temporary store root, deleted on dispose; opens stores with a zero commit window.</summary>
public sealed class StoreDirectory : IDisposable
{
    public StoreDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "store-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public StoreOptions Options => new() { Root = Root, CommitWindow = TimeSpan.Zero };

    public BucketStore Open() => BucketStore.Open(Options);

    internal BucketStore Open(StoreTuning tuning) => BucketStore.Open(Options, null, tuning);

    public string LogPath => Path.Combine(Root, "wal", "store.log");

    public string BucketDirectory(string key)
    {
        var k = BucketKey.Parse(key);
        return Path.Combine(Root, "buckets", k.Symbol, k.Timeframe.Name, k.AttributeGroup);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
