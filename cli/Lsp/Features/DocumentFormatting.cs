using TcpFsmGen.Cli.Formatting;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>The formatter's layout as one edit: the part between the longest unchanged start and end, so the editor keeps the rest (and its marks) as it was.</summary>
internal static class DocumentFormatting
{
    public static TextEdit[] Edits(DocumentAnalysis analysis)
    {
        var document = analysis.Document;
        var result = FsmFormatter.Format(document.Path, document.Text);
        if (result.Text is not { } formatted) throw new RequestRefusedException(result.Error ?? "Not formatted");
        var old = document.Text;
        if (formatted == old) return [];
        var prefix = 0;
        var max = System.Math.Min(old.Length, formatted.Length);
        while (prefix < max && old[prefix] == formatted[prefix]) prefix++;
        // Never split a \r\n pair, nor a surrogate pair.
        while (prefix > 0 && (char.IsHighSurrogate(old[prefix - 1]) || old[prefix - 1] == '\r')) prefix--;
        var suffix = 0;
        while (suffix < max - prefix && old[old.Length - 1 - suffix] == formatted[formatted.Length - 1 - suffix]) suffix++;
        while (suffix > 0 && (char.IsLowSurrogate(old[old.Length - suffix]) || old[old.Length - suffix] == '\n')) suffix--;
        return [new TextEdit(document.RangeOf(prefix, old.Length - suffix - prefix), formatted.Substring(prefix, formatted.Length - suffix - prefix))];
    }
}
