using System.Text;

namespace TcpFsmGen.Generator.Model;

/// <summary>
/// The name of a machine's source file as generated code shows it (<c>door.fsm</c>): in comments, XML
/// documentation and string literals alike. A file may be named anything, so every character that would
/// mean something in one of those places is replaced.
/// </summary>
internal static class SourceNames
{
    public static string Display(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "attributes";
        // Not Path.GetFileName: on .NET Framework (Visual Studio) it throws on characters such as '<' or '"'.
        var start = path!.LastIndexOfAny(new[] { '/', '\\' }) + 1;
        var name = new StringBuilder(path.Length - start);
        for (var i = start; i < path.Length; i++)
        {
            var c = path[i];
            var unsafeHere = char.IsControl(c) || c is '<' or '>' or '&' or '"' or '\'' or '\u0085' or '\u2028' or '\u2029'
                             || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
            name.Append(unsafeHere ? '_' : c);
        }
        return name.Length == 0 ? "attributes" : name.ToString();
    }
}
