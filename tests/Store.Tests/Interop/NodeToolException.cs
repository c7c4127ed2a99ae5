using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Archiver.Store.Tests.Interop;

/// <summary>A Node.js interop script failed, timed out, or the tools are not installed.</summary>
public sealed class NodeToolException : Exception
{
    public NodeToolException()
    {
    }

    public NodeToolException(string message)
        : base(message)
    {
    }

    public NodeToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
