namespace Archiver.Store.Buckets;

/// <summary>
/// A request the store refuses or cannot serve (bad key, unknown timeframe, schema mismatch, missing bucket). The
/// message is the text a client sees; where MarketStore has a text for the same error it is that text, verbatim.
/// Nothing stored is changed by an operation that throws this.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException(string message) : base(message) { }

    public StoreException(string message, Exception inner) : base(message, inner) { }
}
