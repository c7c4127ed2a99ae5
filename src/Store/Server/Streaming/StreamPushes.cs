namespace Archiver.Store.Server.Streaming;

/// <summary>
/// Marks the writes made on the current thread as repairs of stored history that <c>/ws</c> subscribers are not told
/// about: the service's reconciliation of a closed hour rewrites rows the stream already carried, and pushing "the
/// latest record" of such a write would hand subscribers an old tick or bar again, out of order (a client summing the
/// pushed trades would count it twice). Store observers run on the writing thread, so a scope around the write covers
/// it and the aggregates it triggers; writes on other threads (the live writer's flushes) are pushed as usual.
/// </summary>
public static class StreamPushes
{
    [ThreadStatic]
    private static int t_suppressed;

    /// <summary>Whether writes on this thread are currently kept off the streams.</summary>
    public static bool Suppressed => t_suppressed > 0;

    /// <summary>Keeps this thread's writes off the streams until the returned scope is disposed (scopes nest).</summary>
    public static SuppressionScope Suppress()
    {
        t_suppressed++;
        return new SuppressionScope();
    }

    /// <summary>Ends a <see cref="Suppress"/> scope.</summary>
    public readonly struct SuppressionScope : IDisposable
    {
        public void Dispose() => t_suppressed--;
    }
}
