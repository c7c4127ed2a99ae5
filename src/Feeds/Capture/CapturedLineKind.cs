namespace Archiver.Feeds.Capture;

/// <summary>What a line of a capture file records.</summary>
public enum CapturedLineKind : byte
{
    /// <summary>A frame as the exchange sent it.</summary>
    Frame = 0,

    /// <summary>The connection opened for the first time.</summary>
    Connected = 1,

    /// <summary>The connection opened again after a loss.</summary>
    Reconnected = 2,

    /// <summary>The connection was lost.</summary>
    Disconnected = 3,
}
