using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>
/// A websocket server on 127.0.0.1 (a free port) for connection tests. Every accepted socket becomes a
/// <see cref="ServerConnection"/> that records what the client sends; the test sends through it, or gives a script
/// that runs beside the receive loop for every connection.
/// </summary>
internal sealed class TestWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWebSocketServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>Accepted connections, in order.</summary>
    public Observed<ServerConnection> Connections { get; } = new();

    /// <summary>Opens and closes, in order: ("open"|"closed", connection index).</summary>
    public Observed<(string What, int Index)> Timeline { get; } = new();

    /// <summary>Runs for every connection beside its receive loop; the connection ends when the client closes it.</summary>
    public Func<ServerConnection, CancellationToken, Task>? Script { get; set; }

    public static async Task<TestWebSocketServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        TestWebSocketServer? server = null;
        app.Run(context => server!.AcceptAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new TestWebSocketServer(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new ServerConnection(Connections.Count, socket, context);
        Timeline.Add(("open", connection.Index));
        Connections.Add(connection);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var script = Script is { } run ? run(connection, ended.Token) : Task.CompletedTask;
        try
        {
            await connection.ReceiveUntilClosedAsync(context.RequestAborted);
        }
        finally
        {
            await ended.CancelAsync();
            await script.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Timeline.Add(("closed", connection.Index));
            connection.MarkClosed();
        }
    }
}
