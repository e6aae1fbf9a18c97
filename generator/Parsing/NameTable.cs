namespace TcpFsmGen.Generator.Parsing;

/// <summary>
/// Interns the names of one file without first cutting them out of the text: a small open-addressing table keyed
/// on the characters themselves, so a name met a thousand times is one string, allocated once.
/// </summary>
internal sealed class NameTable
{
    private string?[] _entries = new string?[256];
    private int[] _hashes = new int[256];
    private int _count;

    public string Get(string text, int start, int length)
    {
        var hash = Hash(text, start, length);
        var mask = _entries.Length - 1;
        var i = hash & mask;
        while (true)
        {
            var entry = _entries[i];
            if (entry is null) break;
            if (_hashes[i] == hash && entry.Length == length && string.CompareOrdinal(entry, 0, text, start, length) == 0) return entry;
            i = (i + 1) & mask;
        }
        var name = text.Substring(start, length);
        _entries[i] = name;
        _hashes[i] = hash;
        if (++_count * 2 > _entries.Length) Grow();
        return name;
    }

    private static int Hash(string text, int start, int length)
    {
        // FNV-1a over the characters.
        var hash = unchecked((int)2166136261);
        for (var i = start; i < start + length; i++) hash = unchecked((hash ^ text[i]) * 16777619);
        return hash & int.MaxValue;
    }

    private void Grow()
    {
        var entries = _entries;
        var hashes = _hashes;
        _entries = new string?[entries.Length * 2];
        _hashes = new int[entries.Length * 2];
        var mask = _entries.Length - 1;
        for (var j = 0; j < entries.Length; j++)
        {
            if (entries[j] is not { } entry) continue;
            var i = hashes[j] & mask;
            while (_entries[i] is not null) i = (i + 1) & mask;
            _entries[i] = entry;
            _hashes[i] = hashes[j];
        }
    }
}
