using System.Text;

namespace TcpFsmGen.Generator.Emit;

/// <summary>Writes indented C# text; generated code is read while debugging, so it is laid out by hand.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
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
}
