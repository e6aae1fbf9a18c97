using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TcpFsmGen.Generator.Model;

/// <summary>
/// A place in a source file, kept as plain values (a <see cref="Location"/> is not equatable and
/// must not live in a cached model). Lines and columns are zero-based, as in Roslyn.
/// </summary>
internal readonly record struct SourceSpan(
    string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));

    /// <summary>The same place in <paramref name="tree"/>, for a diagnostic in a C# file of the compilation (the attribute form).</summary>
    public Location ToLocation(SyntaxTree tree) => Location.Create(tree, new TextSpan(Start, Length));

    /// <summary>The span of a Roslyn location, as plain values.</summary>
    public static SourceSpan From(Location location)
    {
        var lines = location.GetLineSpan();
        return new SourceSpan(
            location.SourceTree?.FilePath ?? lines.Path,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            lines.StartLinePosition.Line,
            lines.StartLinePosition.Character,
            lines.EndLinePosition.Line,
            lines.EndLinePosition.Character);
    }

    /// <summary>A zero-width span at this span's end: where a missing token belongs.</summary>
    public SourceSpan AtEnd() => new(FilePath, Start + Length, 0, EndLine, EndColumn, EndLine, EndColumn);

    /// <summary>The span from the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static SourceSpan Cover(SourceSpan first, SourceSpan last) => first with
    {
        Length = last.Start + last.Length - first.Start,
        EndLine = last.EndLine,
        EndColumn = last.EndColumn,
    };

    public override string ToString() => $"{FilePath}({StartLine + 1},{StartColumn + 1})";
}
