using System.Text;

namespace Archiver.Feeds.Tests.Bybit;

/// <summary>The wire-format frames under Fixtures/bybit, copied beside the test assembly.</summary>
internal static class BybitFixtures
{
    /// <summary>The frames of <paramref name="name"/>, one per non-empty line, as UTF-8.</summary>
    public static byte[][] Frames(string name) =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bybit", name))
            .Where(line => line.Length > 0)
            .Select(Encoding.UTF8.GetBytes)];
}
