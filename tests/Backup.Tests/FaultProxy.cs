using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Archiver.Backup.Tests;

/// <summary>
/// An HTTP proxy on 127.0.0.1 in front of s3rver that records every request and answers the first
/// <c>failFirst</c> and every request <see cref="FailWhen"/> matches with 503 SlowDown (or with <see cref="FailStatus"/>),
/// or cuts a GET response short.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly string _target;
    private readonly Task _loop;
    private int _failuresLeft;

    public FaultProxy(string target, int failFirst = 0, HttpStatusCode failStatus = HttpStatusCode.ServiceUnavailable)
    {
        _target = target.TrimEnd('/');
        _failuresLeft = failFirst;
        FailStatus = failStatus;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public HttpStatusCode FailStatus { get; }

    /// <summary>Requests seen ("METHOD path?query") and how many were failed.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public int Failed;

    /// <summary>When set, every request for which it returns true ("METHOD path?query") fails, however often it is retried.</summary>
    public Func<string, bool>? FailWhen { get; set; }

    /// <summary>When set, GET object responses send only half the body, then the connection is dropped.</summary>
    public bool TruncateGets { get; set; }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var req = ctx.Request;
        var pathAndQuery = req.RawUrl ?? "/";
        Requests.Enqueue($"{req.HttpMethod} {pathAndQuery}");
        try
        {
            using var body = new MemoryStream();
            await req.InputStream.CopyToAsync(body);
            if (FailWhen?.Invoke($"{req.HttpMethod} {pathAndQuery}") == true || Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                Interlocked.Increment(ref Failed);
                ctx.Response.StatusCode = (int)FailStatus;
                var code = FailStatus == HttpStatusCode.ServiceUnavailable ? "SlowDown" : "AccessDenied";
                var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected</Message></Error>";
                var bytes = System.Text.Encoding.UTF8.GetBytes(xml);
                ctx.Response.ContentType = "application/xml";
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes);
                ctx.Response.Close();
                return;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(req.HttpMethod), _target + pathAndQuery);
            forward.Content = new ByteArrayContent(body.ToArray());
            foreach (string? name in req.Headers.AllKeys)
            {
                if (name is null || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase)) continue;
                var values = req.Headers.GetValues(name) ?? [];
                if (!forward.Headers.TryAddWithoutValidation(name, values)) forward.Content.Headers.TryAddWithoutValidation(name, values);
            }

            // Keep the signed Host header as the client sent it.
            forward.Headers.Host = req.Headers["Host"];
            using var response = await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead);
            ctx.Response.StatusCode = (int)response.StatusCode;
            foreach (var h in response.Headers.Concat(response.Content.Headers))
            {
                if (h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                    || h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)) continue;
                ctx.Response.Headers[h.Key] = string.Join(",", h.Value);
            }

            var payload = await response.Content.ReadAsByteArrayAsync();
            if (req.HttpMethod == "HEAD")
            {
                if (response.Content.Headers.ContentLength is { } len) ctx.Response.ContentLength64 = len;
                ctx.Response.Close();
                return;
            }

            ctx.Response.ContentLength64 = payload.Length;
            if (TruncateGets && req.HttpMethod == "GET" && !pathAndQuery.Contains("list-type", StringComparison.Ordinal) && payload.Length > 1)
            {
                await ctx.Response.OutputStream.WriteAsync(payload.AsMemory(0, payload.Length / 2));
                await ctx.Response.OutputStream.FlushAsync();
                ctx.Response.Abort();
                return;
            }

            await ctx.Response.OutputStream.WriteAsync(payload);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException)
        {
            ctx.Response.Abort();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(2000);
        }
        catch (AggregateException)
        {
        }

        _client.Dispose();
    }
}
