using System.Text;

namespace TcpFsmGen.Generator.Emit;

/// <summary>
/// Writes indented C# text; generated code is read while debugging, so it is laid out by hand. Besides whole
/// lines, a line can be built from pieces (<see cref="Begin"/>, <see cref="Append(string)"/>, <see cref="End"/>),
/// so the emitter's inner loops write straight into the buffer instead of formatting a string per line.
/// </summary>
internal sealed class CodeWriter
{
    private const int MaxCachedIndent = 32;
    private static readonly string[] s_indents = CreateIndents();

    private readonly StringBuilder _text;
    private int _indent;

    public CodeWriter(int capacity = 16 * 1024) => _text = new StringBuilder(capacity);

    /// <summary>Writes a line; an empty one for "", nothing at all for null.</summary>
    public CodeWriter Line(string? line = "")
    {
        if (line is null) return this;
        if (line.Length > 0) Begin().Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Starts a line: writes the indentation. Finish it with <see cref="End"/>.</summary>
    public CodeWriter Begin()
    {
        if (_indent < MaxCachedIndent) _text.Append(s_indents[_indent]);
        else _text.Append(' ', _indent * 4);
        return this;
    }

    public CodeWriter Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public CodeWriter Append(char c)
    {
        _text.Append(c);
        return this;
    }

    public CodeWriter Append(int value)
    {
        _text.Append(value);
        return this;
    }

    /// <summary>Ends a line begun with <see cref="Begin"/>.</summary>
    public CodeWriter End()
    {
        _text.Append('\n');
        return this;
    }

    public CodeWriter Open(string? line = null)
    {
        if (line is not null) Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string closing = "}")
    {
        _indent--;
        return Line(closing);
    }

    /// <summary>A member's first line, after <c>[GeneratedCode]</c>: the attribute marks each generated member, not the class, whose other half is the user's own code.</summary>
    public CodeWriter Member(string line) => Line(GeneratedCode).Line(line);

    /// <summary><see cref="Member"/> for a member with a body.</summary>
    public CodeWriter OpenMember(string line) => Line(GeneratedCode).Open(line);

    public static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"TcpFsmGen\", \"{ClassFrame.Version}\")]";

    public CodeWriter Indent()
    {
        _indent++;
        return this;
    }

    public CodeWriter Dedent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string[] CreateIndents()
    {
        var indents = new string[MaxCachedIndent];
        for (var i = 0; i < indents.Length; i++) indents[i] = new string(' ', i * 4);
        return indents;
    }
}
