namespace Archiver.Feeds.Tests.Connections;

/// <summary>How long a test waits for a signal before failing (generous: the machine is shared).</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>Bounds a whole test: the feed under test is cancelled after this.</summary>
    public static readonly TimeSpan Test = TimeSpan.FromSeconds(45);
}
