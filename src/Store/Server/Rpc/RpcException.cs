namespace Archiver.Store.Server.Rpc;

/// <summary>An RPC-level failure: answered as an HTTP 200 error envelope <c>{code, message, data: nil}</c>.</summary>
public sealed class RpcException : Exception
{
    /// <summary>The body could not be decoded.</summary>
    public const int ParseError = -32700;

    /// <summary>The envelope is not a valid request (e.g. <c>jsonrpc</c> is not "2.0").</summary>
    public const int InvalidRequest = -32600;

    /// <summary>The params could not be decoded into the method's arguments.</summary>
    public const int InvalidParams = -32602;

    /// <summary>Everything else: unknown service or method, and failures of the method itself.</summary>
    public const int ServerError = -32000;

    public RpcException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public RpcException(int code, string message, Exception inner)
        : base(message, inner)
    {
        Code = code;
    }

    public int Code { get; }
}
