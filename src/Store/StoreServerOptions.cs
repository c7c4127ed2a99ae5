namespace Archiver.Store;

/// <summary>The MarketStore-compatible HTTP server (<c>POST /rpc</c>, <c>GET /ws</c>, <c>GET /heartbeat</c>).</summary>
public sealed class StoreServerOptions
{
    /// <summary>Whether <c>archiver run</c> hosts the server and writes live trades into the store.</summary>
    public bool Enabled { get; set; }

    public string Bind { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5993;

    /// <summary>Required when binding to anything but loopback (bearer token or basic-auth password); never logged.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Allow a non-loopback bind without a token (explicit opt-in).</summary>
    public bool Insecure { get; set; }

    /// <summary>Largest accepted request body.</summary>
    public long MaxRequestBytes { get; set; } = 256L * 1024 * 1024;
}
