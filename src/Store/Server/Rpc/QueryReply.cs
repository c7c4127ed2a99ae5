using Archiver.Store.Buckets;
using Archiver.Store.Query;

namespace Archiver.Store.Server.Rpc;

/// <summary>
/// <c>{responses: [{result: dataset}…], version, timezone}</c>. The results' columns may live in <see cref="Buffers"/>,
/// which <see cref="Dispose"/> gives back: the endpoint disposes the reply once it is sent.
/// </summary>
public sealed record QueryReply(IReadOnlyList<QueryResult> Results, string Version, string Timezone) : RpcReply, IDisposable
{
    /// <summary>The memory the results were read into, or null when they are ordinary arrays.</summary>
    public ReadBuffers? Buffers { get; init; }

    public void Dispose() => Buffers?.Dispose();
}
