using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Archiver.Store.Buckets;
using Archiver.Store.MessagePack;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// <c>/rpc</c>: POST only (405 text otherwise), codec from the Content-Type (415 text for anything else), body up to
/// the configured limit (413), one envelope decoded, the method run, the reply or an HTTP 200 error envelope written.
/// A notification (no id, or nil) gets an empty 200. Nothing a client sends can stop the server.
/// </summary>
public sealed class RpcEndpoint
{
    public const string MessagePackContentType = "application/x-msgpack";
    public const string JsonContentType = "application/json";

    /// <summary><see cref="HttpContext.Items"/> key under which the RPC method name is kept for the request log.</summary>
    public const string MethodItem = "rpc.method";

    /// <summary>The standard response header carrying the method's own run time (see <see cref="ServerTiming"/>).</summary>
    public const string ServerTimingHeader = "Server-Timing";

    private readonly DataService _service;
    private readonly long _maxRequestBytes;
    private readonly ILogger _logger;

    public RpcEndpoint(DataService service, long maxRequestBytes, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(logger);
        _service = service;
        _maxRequestBytes = maxRequestBytes;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await PlainAsync(context, StatusCodes.Status405MethodNotAllowed, $"rpc: POST method required, received {request.Method}").ConfigureAwait(false);
            return;
        }

        var contentType = request.ContentType ?? string.Empty;
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var codec = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
        if (codec is not (MessagePackContentType or JsonContentType))
        {
            await PlainAsync(context, StatusCodes.Status415UnsupportedMediaType, $"rpc: unrecognized Content-Type: {contentType}").ConfigureAwait(false);
            return;
        }

        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null) return;
        try
        {
            if (codec == MessagePackContentType) await HandleMessagePackAsync(context, body.AsMemory(0, length)).ConfigureAwait(false);
            else await HandleJsonAsync(context, body.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async Task HandleMessagePackAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        RpcEnvelope envelope;
        try
        {
            envelope = MessagePackParams.ReadEnvelope(body.Span);
        }
        catch (MessagePackException e)
        {
            WriteMessagePackError(response, RpcException.ParseError, $"rpc: cannot decode request: {e.Message}", MessagePackReplies.NilId);
            return;
        }

        var id = envelope.HasId ? body[envelope.Id] : MessagePackReplies.NilId;
        RpcReply reply;
        try
        {
            var method = Resolve(context, envelope);
            object args;
            try
            {
                args = MessagePackParams.Read(method, body, envelope.Params, envelope.HasParams);
            }
            catch (MessagePackException e)
            {
                throw new RpcException(RpcException.InvalidParams, $"rpc: invalid params: {e.Message}", e);
            }
            catch (StoreException e)
            {
                throw new RpcException(RpcException.ServerError, e.Message, e);
            }

            var invoked = Stopwatch.GetTimestamp();
            reply = Invoke(method, args);
            response.Headers[ServerTimingHeader] = ServerTiming(Stopwatch.GetElapsedTime(invoked));
        }
        catch (RpcException e)
        {
            if (!envelope.HasId) return;
            WriteMessagePackError(response, e.Code, e.Message, id);
            return;
        }

        // A query's columns may live in pooled buffers: given back once the reply has been sent (or failed).
        using var owned = reply as IDisposable;
        if (!envelope.HasId) return;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MessagePackContentType;
        response.Headers.XContentTypeOptions = "nosniff";
        // The length is known before anything is sent (payloads are only referenced), so clients get a Content-Length.
        var replyBody = MessagePackReplies.Lay(reply, id.Span);
        response.ContentLength = replyBody.Length;
        await replyBody.SendAsync(response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task HandleJsonAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, JsonRpcCodec.DocumentOptions);
        }
        catch (JsonException e)
        {
            WriteJsonError(response, RpcException.ParseError, $"rpc: cannot decode request: {e.Message}", default);
            return;
        }

        using (document)
        {
            RpcEnvelope envelope;
            JsonElement id, parameters;
            try
            {
                envelope = JsonRpcCodec.ReadEnvelope(document.RootElement, out id, out parameters);
            }
            catch (JsonException e)
            {
                WriteJsonError(response, RpcException.ParseError, $"rpc: cannot decode request: {e.Message}", default);
                return;
            }

            RpcReply reply;
            try
            {
                var method = Resolve(context, envelope);
                object args;
                try
                {
                    args = JsonRpcCodec.ReadParams(method, parameters);
                }
                catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
                {
                    throw new RpcException(RpcException.InvalidParams, $"rpc: invalid params: {e.Message}", e);
                }
                catch (StoreException e)
                {
                    throw new RpcException(RpcException.ServerError, e.Message, e);
                }

                reply = Invoke(method, args);
            }
            catch (RpcException e)
            {
                if (!envelope.HasId) return;
                WriteJsonError(response, e.Code, e.Message, id);
                return;
            }

            using var owned = reply as IDisposable;
            if (!envelope.HasId) return;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.XContentTypeOptions = "nosniff";
            JsonRpcCodec.WriteReply(response.BodyWriter, reply, id);
            await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary><c>Server-Timing</c> of a reply: how long the method itself ran (decoding and sending excluded), for benchmarks.</summary>
    private static string ServerTiming(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"method;dur={elapsed.TotalMilliseconds:0.0}");

    private static RpcMethod Resolve(HttpContext context, RpcEnvelope envelope)
    {
        if (!string.Equals(envelope.JsonRpc, "2.0", StringComparison.Ordinal))
            throw new RpcException(RpcException.InvalidRequest, "jsonrpc must be 2.0");
        var name = envelope.Method ?? string.Empty;
        context.Items[MethodItem] = name.Length > 64 ? name[..64] : name;
        return RpcMethods.Resolve(name);
    }

    private RpcReply Invoke(RpcMethod method, object args)
    {
        try
        {
            return _service.Invoke(method, args);
        }
        catch (StoreException e)
        {
            throw new RpcException(RpcException.ServerError, e.Message, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "rpc: DataService.{Method} failed", method);
            throw new RpcException(RpcException.ServerError, $"internal error: {e.Message}", e);
        }
    }

    /// <summary>The body in a pooled buffer, or (null, 0) after answering 413 when it exceeds the limit.</summary>
    private async Task<(byte[]? Body, int Length)> ReadBodyAsync(HttpContext context)
    {
        // Capacity up to max + 1, so that one byte past the limit is seen.
        var max = (int)Math.Min(_maxRequestBytes, Array.MaxLength - 1);
        var declared = context.Request.ContentLength;
        if (declared > max)
        {
            await TooLargeAsync(context, max).ConfigureAwait(false);
            return (null, 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 65536, 256, max + 1L));
        var length = 0;
        var stream = context.Request.Body;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > max)
                {
                    await TooLargeAsync(context, max).ConfigureAwait(false);
                    return (null, 0);
                }
            }

            var result = buffer;
            buffer = null;
            return (result, length);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task TooLargeAsync(HttpContext context, long max) =>
        PlainAsync(context, StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"rpc: request body larger than {max} bytes"));

    private static Task PlainAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }

    private static void WriteMessagePackError(HttpResponse response, int code, string message, ReadOnlyMemory<byte> id)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MessagePackContentType;
        MessagePackReplies.WriteError(response.BodyWriter, code, message, id.Span);
    }

    private static void WriteJsonError(HttpResponse response, int code, string message, JsonElement id)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        JsonRpcCodec.WriteError(response.BodyWriter, code, message, id);
    }
}
