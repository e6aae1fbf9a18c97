namespace TcpFsmGen.Generator.Model;

/// <summary>A name as written in the source, with the span of its token.</summary>
internal readonly record struct Name(string Text, SourceSpan Span)
{
    public override string ToString() => Text;
}
