namespace Archiver.Feeds.Bybit;

/// <summary>Where a JSON string token (quotes included) lies in a frame; <see cref="IsEmpty"/> when the key was absent.</summary>
internal readonly record struct TextRange(int TokenStart, int TokenLength, bool IsEscaped)
{
    public bool IsEmpty => TokenLength == 0;

    /// <summary>The raw bytes between the quotes (escapes not decoded).</summary>
    public ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> frame) =>
        IsEmpty ? default : frame.Slice(TokenStart + 1, TokenLength - 2);

    /// <summary>The decoded text (allocates: for events only).</summary>
    public string Decode(ReadOnlySpan<byte> frame)
    {
        if (IsEmpty) return string.Empty;
        var reader = new System.Text.Json.Utf8JsonReader(frame.Slice(TokenStart, TokenLength));
        reader.Read();
        return reader.GetString() ?? string.Empty;
    }
}
