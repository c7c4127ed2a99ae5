using Archiver.Store.Query;

namespace Archiver.Tests.Cli;

/// <summary>Answers every query with one prepared result (or throws), and remembers the request.</summary>
internal sealed class FakeQueryEngine(Func<QueryRequest, QueryResult> answer) : IQueryEngine
{
    public QueryRequest? Last { get; private set; }

    public QueryResult Execute(QueryRequest request)
    {
        Last = request;
        return answer(request);
    }
}
