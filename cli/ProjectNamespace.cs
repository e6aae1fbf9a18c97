using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace TcpFsmGen.Cli;

/// <summary>
/// The namespace of the project a new machine goes into: the nearest <c>.csproj</c> in or above a folder, its
/// <c>RootNamespace</c> if the project file sets one, else its file name, as the .NET SDK does.
/// </summary>
internal static class ProjectNamespace
{
    /// <summary>What was found above a folder.</summary>
    /// <param name="Namespace">The namespace, or null when there is no project (or more than one in one folder).</param>
    /// <param name="Project">The project file it came from, or null.</param>
    /// <param name="Problem">Why there is none although projects were found, or null.</param>
    internal sealed record Found(string? Namespace, string? Project, string? Problem);

    public static Found Find(string directory)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(directory)); folder is not null; folder = folder.Parent)
        {
            if (!folder.Exists) continue;
            var projects = folder.GetFiles("*.csproj").OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
            if (projects.Length == 0) continue;
            if (projects.Length > 1)
            {
                return new Found(null, null, $"'{folder.FullName}' holds {projects.Length} projects ({string.Join(", ", projects.Select(p => p.Name))}); pass --namespace");
            }
            var name = FromProject(projects[0].FullName);
            return new Found(name.Length > 0 ? name : null, projects[0].FullName, null);
        }
        return new Found(null, null, null);
    }

    private static string FromProject(string path)
    {
        string? root = null;
        try
        {
            // The last RootNamespace the file sets itself; one built from other properties is left to the file name.
            root = XDocument.Load(path).Descendants()
                .Where(e => e.Name.LocalName == "RootNamespace" && e.Value.Trim().Length > 0 && !e.Value.Contains("$(", StringComparison.Ordinal))
                .Select(e => e.Value.Trim())
                .LastOrDefault();
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            // An unreadable project still has a name.
        }
        return Sanitize(root ?? Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>A valid namespace from a project's name: <c>my-app</c> gives <c>my_app</c>, <c>2D.Tools</c> gives <c>_2D.Tools</c>.</summary>
    internal static string Sanitize(string name)
    {
        var parts = name.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var text = new StringBuilder(part.Length + 1);
            foreach (var c in part) text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
            if (char.IsAsciiDigit(text[0])) text.Insert(0, '_');
            return text.ToString();
        });
        return string.Join('.', parts);
    }
}
