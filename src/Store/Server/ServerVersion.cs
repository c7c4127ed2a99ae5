using System.Reflection;

namespace Archiver.Store.Server;

/// <summary>The version the server reports (<c>Marketstore-Version</c>, replies, heartbeat): the build's source revision when known.</summary>
public static class ServerVersion
{
    /// <summary>The commit hash after <c>+</c> in the assembly's informational version, else the whole version.</summary>
    public static string Current { get; } = Compute();

    private static string Compute()
    {
        var info = typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
        var plus = info.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && plus < info.Length - 1 ? info[(plus + 1)..] : info;
    }
}
