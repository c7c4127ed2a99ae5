namespace Archiver.Store.Archive;

/// <summary>What an archive file holds; the lowercase name is its folder (l2book, trades).</summary>
public enum ArchiveKind
{
    L2Book = 1,
    Trades = 2,
}
