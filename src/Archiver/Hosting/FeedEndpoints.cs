using System.Collections.Concurrent;
using Archiver.Feeds.Model;

namespace Archiver.Cli.Hosting;

/// <summary>Endpoint overrides per exchange, set by the in-process simulator before the feeds start.</summary>
public sealed class FeedEndpoints
{
    private readonly ConcurrentDictionary<ExchangeId, Uri> _overrides = new();

    /// <summary>The override of <paramref name="exchange"/>, or null for the configured (or real) endpoint.</summary>
    public Uri? For(ExchangeId exchange) => _overrides.TryGetValue(exchange, out var endpoint) ? endpoint : null;

    internal void Override(ExchangeId exchange, Uri endpoint) => _overrides[exchange] = endpoint;
}
