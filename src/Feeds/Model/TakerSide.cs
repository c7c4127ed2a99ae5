namespace Archiver.Feeds.Model;

/// <summary>The aggressor (taker) side of a trade.</summary>
public enum TakerSide : byte
{
    Unknown = 0,
    Buy = 1,
    Sell = 2,
}
