namespace Archiver.Tests.Hosting;

/// <summary>Host tests run one at a time: one sets process environment variables, and each runs live feeds.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostingCollection
{
    public const string Name = "Archiver host";
}
