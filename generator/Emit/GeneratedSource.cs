namespace TcpFsmGen.Generator.Emit;

/// <summary>One file to add to the compilation.</summary>
internal sealed record GeneratedSource(string HintName, string Text);
