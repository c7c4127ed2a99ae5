using Microsoft.Extensions.Logging;

namespace Archiver.Store.Server;

/// <summary>Hands the web host's loggers to the application's logger factory (where the host wired Serilog).</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
