using System;
using System.Collections.Generic;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>The language's keywords (section 3 of the language reference, and section 7's), by where they begin a statement.</summary>
internal static class Keywords
{
    /// <summary>What may begin the file.</summary>
    public static readonly string[] Header = ["machine", "internal"];

    /// <summary>What may begin a statement at the top level, after the header.</summary>
    public static readonly string[] TopLevel = ["events", "timer", "initial", "state", "final"];

    /// <summary>What may begin a statement inside a state's block.</summary>
    public static readonly string[] Member = ["on", "after", "every", "ignore", "defer", "entry", "exit", "initial", "history", "state", "final"];

    /// <summary>Every keyword, for the semantic tokens (a name that is also a keyword is told apart by the model).</summary>
    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        "machine", "internal", "events", "timer", "initial", "state", "final", "entry", "exit", "on", "after", "every",
        "ignore", "defer", "history", "deep",
    };
}
