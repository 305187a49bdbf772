using System.Globalization;
using System.Text;

namespace HeadlessCms.Api.Common.Text;

/// <summary>
/// NFC composition of canonical pairs (e + U+0301 → é) and NFC singletons (the Ohm sign → Ω). The API runs with
/// InvariantGlobalization, where <see cref="string.Normalize()"/> has no ICU to compose with, so the table comes from
/// the Unicode database (see scripts/imports/gen-composition.py). Hangul syllables are left as they are.
/// </summary>
public static partial class CanonicalComposition
{
    private static readonly Dictionary<(char Base, char Mark), char> PairTable = ParsePairs();
    private static readonly Dictionary<char, char> SingletonTable = ParseSingletons();

    /// <summary>A change: the characters from <paramref name="Start"/> (<paramref name="Before"/>) became <paramref name="After"/>.</summary>
    public sealed record Change(int Start, string Before, string After);

    public static string Compose(string text, List<Change>? changes = null)
    {
        StringBuilder? output = null;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var current = SingletonTable.GetValueOrDefault(text[i], text[i]);
            i++;
            while (i < text.Length && PairTable.TryGetValue((current, SingletonTable.GetValueOrDefault(text[i], text[i])), out var composed))
            {
                current = composed;
                i++;
            }

            if (i - start == 1 && current == text[start])
            {
                output?.Append(current);
                continue;
            }

            output ??= new StringBuilder(text.Length).Append(text, 0, start);
            output.Append(current);
            changes?.Add(new Change(start, text[start..i], current.ToString()));
        }

        return output?.ToString() ?? text;
    }

    // Composed → base, the pair table read backwards: for folding accents away without ICU.
    private static readonly Lazy<Dictionary<char, char>> BaseTable = new(() =>
    {
        var table = new Dictionary<char, char>(PairTable.Count);
        foreach (var ((baseChar, _), composed) in PairTable)
        {
            table.TryAdd(composed, baseChar);
        }

        return table;
    });

    /// <summary>The character without its canonical marks (é → e, ǖ → u), through the composition table.</summary>
    public static char BaseOf(char c)
    {
        while (BaseTable.Value.TryGetValue(c, out var baseChar))
        {
            c = baseChar;
        }

        return c;
    }

    private static Dictionary<(char, char), char> ParsePairs()
    {
        var table = new Dictionary<(char, char), char>(Pairs.Length / 12);
        for (var i = 0; i < Pairs.Length; i += 12)
        {
            table[(Hex(Pairs, i), Hex(Pairs, i + 4))] = Hex(Pairs, i + 8);
        }

        return table;
    }

    private static Dictionary<char, char> ParseSingletons()
    {
        var table = new Dictionary<char, char>(Singletons.Length / 8);
        for (var i = 0; i < Singletons.Length; i += 8)
        {
            table[Hex(Singletons, i)] = Hex(Singletons, i + 4);
        }

        return table;
    }

    private static char Hex(string data, int at) => (char)int.Parse(data.AsSpan(at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
