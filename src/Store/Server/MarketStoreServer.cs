using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Archiver.Store.Buckets;
using Archiver.Store.Query;
using Archiver.Store.Server.Rpc;
using Archiver.Store.Server.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archiver.Store.Server;

/// <summary>
/// The MarketStore-compatible server on Kestrel: <c>POST /rpc</c> (MessagePack-RPC as pymarketstore sends it, and
/// JSON-RPC), <c>HEAD /rpc</c> for the version header, <c>GET /ws</c> streaming, <c>GET /heartbeat</c>. Binds
/// 127.0.0.1 by default; any other address needs an access token or an explicit insecure opt-in. Logs one line at
/// start-up and one per request; <see cref="StopAsync"/> drains in-flight requests and closes streams.
/// </summary>
public sealed class MarketStoreServer : IAsyncDisposable
{
    /// <summary>Interval of server WebSocket pings (MarketStore's 54 s), and how long a pong may take.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(54);

    public static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(60);

    private readonly StoreServerOptions _options;
    private readonly ServerAccess _access;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly RpcEndpoint _rpc;
    private readonly StreamHub _hub;
    private readonly TimeProvider _time;
    private WebApplication? _app;
    private long _startedAt;
    private int _state;

    /// <summary>Checks the options (throws <see cref="InvalidOperationException"/> on an unsafe bind) and registers the stream hub on the store.</summary>
    public MarketStoreServer(IBucketStore store, IQueryEngine queries, StoreServerOptions options, ILoggerFactory? loggerFactory = null,
        string? version = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _access = ServerAccess.From(options);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("Archiver.Store.Server");
        _time = time ?? TimeProvider.System;
        Version = version ?? ServerVersion.Current;
        _rpc = new RpcEndpoint(new DataService(store, queries, Version, _time), options.MaxRequestBytes, _logger);
        _hub = new StreamHub(_logger, _time);
        store.AddObserver(_hub);
    }

    /// <summary>What <c>Marketstore-Version</c>, replies and the heartbeat report.</summary>
    public string Version { get; }

    /// <summary>The bound base address (e.g. <c>http://127.0.0.1:5993</c>; the real port when 0 was asked for), once started.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Open <c>/ws</c> connections.</summary>
    public int StreamConnections => _hub.SubscriberCount;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException("the server was already started");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Archiver.Store.Server" });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Listen(_access.Address, _options.Port);
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(_loggerFactory));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var app = builder.Build();
        app.Use(LogRequestAsync);
        app.Use(AuthorizeAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = PingInterval, KeepAliveTimeout = PongTimeout });
        app.Run(DispatchAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        _startedAt = _time.GetTimestamp();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? $"http://{_access.Address}:{_options.Port}";
        Url = new Uri(address.Replace("[::]", "[::1]", StringComparison.Ordinal));
        _logger.LogInformation("MarketStore-compatible server listening on {Url} (rpc {Url}rpc, stream {Url}ws), version {Version}, {Auth}",
            Url, Url, Url, Version, _access.RequiresToken ? "access token required" : "no access token");
    }

    /// <summary>Stops accepting, lets in-flight requests finish, closes streams.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var app = _app;
        if (app is null || Interlocked.CompareExchange(ref _state, 2, 1) != 1) return;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("MarketStore-compatible server on {Url} stopped", Url);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _hub.Dispose();
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task LogRequestAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        if (context.Request.Path.StartsWithSegments("/rpc", StringComparison.Ordinal))
            context.Response.Headers["Marketstore-Version"] = Version;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var rpcMethod = context.Items.TryGetValue(RpcEndpoint.MethodItem, out var m) ? m as string : null;
            _logger.LogInformation("{HttpMethod} {Path} {RpcMethod} {Status} {Elapsed} ms",
                context.Request.Method, context.Request.Path.Value, rpcMethod ?? "-", context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
        }
    }

    private Task AuthorizeAsync(HttpContext context, RequestDelegate next)
    {
        if (_access.IsAuthorized(context.Request.Headers.Authorization)) return next(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"marketstore\"";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("unauthorized: missing or wrong access token\n", context.RequestAborted);
    }

    private Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals("/rpc", StringComparison.Ordinal)) return _rpc.HandleAsync(context);
        if (path.Equals("/ws", StringComparison.Ordinal)) return StreamAsync(context);
        if (path.Equals("/heartbeat", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method)) return HeartbeatAsync(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private async Task HeartbeatAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        using (var w = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            w.WriteStartObject();
            w.WriteString("status", "queryable");
            w.WriteString("version", Version);
            w.WriteString("git_hash", Version);
            w.WriteString("uptime", GoDuration.Format(_time.GetElapsedTime(_startedAt)));
            w.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("ws: a WebSocket upgrade is required\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var subscriber = new StreamSubscriber(socket, _logger);
        _hub.Add(subscriber);
        try
        {
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await subscriber.RunAsync(stopping, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _hub.Remove(subscriber);
        }
    }
}
