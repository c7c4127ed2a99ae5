using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Archiver.Store.Server;

/// <summary>
/// Who may talk to the server: a loopback bind needs nothing; any other bind needs an access token (sent as
/// <c>Authorization: Bearer &lt;token&gt;</c> or as the basic-auth password) unless explicitly insecure. Tokens are
/// compared in constant time (over their SHA-256, so the length does not leak either).
/// </summary>
public sealed class ServerAccess
{
    private readonly byte[]? _tokenHash;

    private ServerAccess(IPAddress address, byte[]? tokenHash)
    {
        Address = address;
        _tokenHash = tokenHash;
    }

    /// <summary>The address to listen on.</summary>
    public IPAddress Address { get; }

    /// <summary>Whether requests must carry the token.</summary>
    public bool RequiresToken => _tokenHash is not null;

    /// <summary>Checks the options; throws <see cref="InvalidOperationException"/> with a one-line reason when the server must not start.</summary>
    public static ServerAccess From(StoreServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bind = options.Bind?.Trim() ?? string.Empty;
        IPAddress address;
        if (bind.Length == 0 || string.Equals(bind, "localhost", StringComparison.OrdinalIgnoreCase)) address = IPAddress.Loopback;
        else if (bind == "*") address = IPAddress.Any;
        else if (!IPAddress.TryParse(bind, out address!))
            throw new InvalidOperationException($"server bind address '{options.Bind}' is not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)");
        if (options.Port is < 0 or > 65535) throw new InvalidOperationException($"server port {options.Port} is out of range");
        if (options.MaxRequestBytes <= 0) throw new InvalidOperationException("server MaxRequestBytes must be positive");

        var token = string.IsNullOrEmpty(options.AccessToken) ? null : options.AccessToken;
        if (!IPAddress.IsLoopback(address) && token is null && !options.Insecure)
        {
            throw new InvalidOperationException(
                $"refusing to serve on {address}, which is not loopback, without an access token: set Archiver:Store:Server:AccessToken (archiver serve --token) or allow it explicitly with Insecure (--insecure)");
        }

        return new ServerAccess(address, token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Whether an <c>Authorization</c> header value carries the token (always true when none is required).</summary>
    public bool IsAuthorized(string? authorization)
    {
        if (_tokenHash is null) return true;
        if (string.IsNullOrEmpty(authorization)) return false;
        string? presented = null;
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization[7..].Trim();
        }
        else if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                presented = colon < 0 ? null : decoded[(colon + 1)..];
            }
            catch (FormatException)
            {
                return false;
            }
        }

        if (presented is null) return false;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _tokenHash);
    }
}
