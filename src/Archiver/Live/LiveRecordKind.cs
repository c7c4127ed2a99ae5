namespace Archiver.Cli.Live;

/// <summary>What a <see cref="LiveRecord"/> holds.</summary>
internal enum LiveRecordKind : byte
{
    Trade = 1,
    Quote = 2,
}
