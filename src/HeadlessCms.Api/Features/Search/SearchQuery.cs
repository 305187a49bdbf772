using System.Buffers;
using System.Globalization;
using System.Text;

namespace HeadlessCms.Api.Features.Search;

/// <summary>
/// A search box query, parsed once in web-search style and then written out in each engine's own syntax (FTS5 MATCH,
/// PostgreSQL to_tsquery). Parsing here rather than in the database keeps the two engines in step and means nothing a
/// reader types can reach the database as syntax: every word that leaves this class is letters, digits and marks only.
/// <list type="bullet">
/// <item>words: all must match (<c>rare earth</c>); English stop words (PostgreSQL's list) are left out on both engines</item>
/// <item><c>"exact phrase"</c>; a quote without its partner is ordinary text</item>
/// <item><c>-word</c>, <c>-"a phrase"</c>: must not match</item>
/// <item><c>a OR b</c>: either (binds tighter than the implicit AND)</item>
/// <item>the last word, when it stands alone and has at least <see cref="MinPrefix"/> letters, also matches as a prefix</item>
/// </list>
/// </summary>
public sealed class SearchQuery
{
    public const int MaxLength = 200;
    public const int MaxTerms = 16;
    public const int MinPrefix = 3;

    // PostgreSQL's english.stop, so both engines ignore the same words.
    private static readonly HashSet<string> StopWords = new(
        """
        i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it
        its itself they them their theirs themselves what which who whom this that these those am is are was were be been
        being have has had having do does did doing a an the and but if or because as until while of at by for with about
        against between into through during before after above below to from up down in out on off over under again
        further then once here there when where why how all any both each few more most other some such no nor not only own
        same so than too very s t can will just don should now
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private SearchQuery(IReadOnlyList<IReadOnlyList<Term>> required, IReadOnlyList<Term> excluded, string? prefix)
    {
        Required = required;
        Excluded = excluded;
        Prefix = prefix;
    }

    /// <summary>Clauses that must all match; each is a list of alternatives (a OR b).</summary>
    public IReadOnlyList<IReadOnlyList<Term>> Required { get; }

    public IReadOnlyList<Term> Excluded { get; }

    /// <summary>The last word, also matched as a prefix; it is not in <see cref="Required"/>.</summary>
    public string? Prefix { get; }

    /// <summary>The folded words a hit may contain (for highlighting): required terms and the prefix.</summary>
    public IEnumerable<string> PositiveWords => Required.SelectMany(c => c).SelectMany(t => t.Words).Concat(Prefix is null ? [] : [Prefix]);

    /// <summary>A word or a phrase, as folded words.</summary>
    public sealed record Term(string[] Words)
    {
        public bool IsPhrase => Words.Length > 1;
    }

    /// <summary>Parses <paramref name="text"/>; null with the reason when it has nothing to search for.</summary>
    public static SearchQuery? Parse(string text, out string? error)
    {
        error = null;
        var items = Scan(text);
        var required = new List<List<Term>>();
        var excluded = new List<Term>();
        string? prefix = null;

        // The last item completes as a prefix when it is a lone word typed as such (not quoted, negated or in an OR).
        var last = items.Count > 0 ? items[^1] : null;
        if (last is { Negated: false, Quoted: false, Term.Words.Length: 1 } && last.Term.Words[0].Length >= MinPrefix
            && (items.Count < 2 || !items[^2].IsOr))
        {
            prefix = last.Term.Words[0];
            items.RemoveAt(items.Count - 1);
        }

        // "a OR b" puts b beside a when the OR stands between two positive items; otherwise OR is ignored.
        List<Term>? previous = null;
        var or = false;
        foreach (var item in items)
        {
            if (item.IsOr)
            {
                or = previous is not null;
                continue;
            }

            var term = Meaningful(item.Term);
            if (item.Negated)
            {
                if (term is not null)
                {
                    excluded.Add(term);
                }

                previous = null;
            }
            else if (term is null)
            {
                // A stop word: "a OR the" is just "a".
                previous = or ? previous : null;
            }
            else if (or && previous is not null)
            {
                previous.Add(term);
            }
            else
            {
                previous = [term];
                required.Add(previous);
            }

            or = false;
        }

        if (required.Count == 0 && prefix is null)
        {
            error = excluded.Count > 0
                ? "'q' needs at least one word to find, not only words to exclude."
                : "'q' has nothing to search for: give at least one word that is not only punctuation, operators or a common word such as 'the'.";
            return null;
        }

        if (required.Sum(c => c.Sum(t => t.Words.Length)) + excluded.Sum(t => t.Words.Length) > MaxTerms)
        {
            error = $"'q' may hold at most {MaxTerms} words.";
            return null;
        }

        return new SearchQuery(required, excluded, prefix);
    }

    /// <summary>Stop words are dropped from lone words and from phrases made of nothing else.</summary>
    private static Term? Meaningful(Term term) =>
        term.Words.All(StopWords.Contains) ? null : term;

    private sealed record Item(Term Term, bool Negated, bool Quoted, bool IsOr);

    private static List<Item> Scan(string text)
    {
        var items = new List<Item>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                negated = true;
                i++;
            }

            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close > 0)
                {
                    var words = Words(text.AsSpan(i + 1, close - i - 1));
                    if (words.Length > 0)
                    {
                        items.Add(new Item(new Term(words), negated, Quoted: true, IsOr: false));
                    }

                    i = close + 1;
                    continue;
                }

                // No partner: the quote is just punctuation.
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }

            var raw = text.AsSpan(start, i - start);
            if (!negated && raw is "OR")
            {
                items.Add(new Item(new Term([]), false, false, IsOr: true));
                continue;
            }

            // "rare-earth" is one term: the words in sequence, as PostgreSQL's websearch_to_tsquery reads it.
            var parts = Words(raw);
            if (parts.Length > 0)
            {
                items.Add(new Item(new Term(parts), negated, Quoted: false, IsOr: false));
            }
        }

        return items;
    }

    /// <summary>The folded words of a piece of text: runs of letters, digits and marks.</summary>
    public static string[] Words(ReadOnlySpan<char> text)
    {
        var words = new List<string>();
        for (var i = 0; NextWord(text, i, out var start, out var end); i = end)
        {
            var word = Fold(text[start..end]);
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        return [.. words];
    }

    private static readonly SearchValues<char> AsciiWordChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static readonly SearchValues<char> AsciiOtherChars =
        SearchValues.Create(Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !char.IsAsciiLetterOrDigit(c)).ToArray());

    /// <summary>
    /// The first word (a run of <see cref="IsWordChar"/>) at or after <paramref name="from"/>, or false. ASCII runs are
    /// skipped in one vectorized step each; any other character is checked on its own.
    /// </summary>
    public static bool NextWord(ReadOnlySpan<char> text, int from, out int start, out int end)
    {
        var i = from;
        while (i < text.Length)
        {
            var skipped = text[i..].IndexOfAnyExcept(AsciiOtherChars);
            i = skipped < 0 ? text.Length : i + skipped;
            if (i == text.Length || IsWordChar(text, i))
            {
                break;
            }

            i++;
        }

        start = i;
        while (i < text.Length)
        {
            var run = text[i..].IndexOfAnyExcept(AsciiWordChars);
            i = run < 0 ? text.Length : i + run;
            if (i == text.Length || !IsWordChar(text, i))
            {
                break;
            }

            i++;
        }

        end = i;
        return end > start;
    }

    public static bool IsWordChar(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (char.IsAscii(c))
        {
            return char.IsAsciiLetterOrDigit(c);
        }

        if (char.IsSurrogate(c))
        {
            return char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Rune.IsLetterOrDigit(new Rune(c, text[i + 1]))
                : char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]) && Rune.IsLetterOrDigit(new Rune(text[i - 1], c));
        }

        return char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>Lower case without accents (Ünïcode → unicode), as both engines index.</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        var buffer = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        return new string(buffer[..Fold(word, buffer)]);
    }

    /// <summary><see cref="Fold(ReadOnlySpan{char})"/> into <paramref name="destination"/> (as long as the word at least); the folded length.</summary>
    public static int Fold(ReadOnlySpan<char> word, Span<char> destination)
    {
        // Not string.Normalize: the API runs with InvariantGlobalization, where it has no ICU and changes nothing.
        var length = 0;
        foreach (var c in word)
        {
            if (char.IsAscii(c))
            {
                // No ASCII character is a composition or a mark.
                destination[length++] = char.ToLowerInvariant(c);
                continue;
            }

            var baseChar = Common.Text.CanonicalComposition.BaseOf(c);
            if (CharUnicodeInfo.GetUnicodeCategory(baseChar) != UnicodeCategory.NonSpacingMark)
            {
                destination[length++] = char.ToLowerInvariant(baseChar);
            }
        }

        return length;
    }

    /// <summary>
    /// The FTS5 MATCH expression. <paramref name="completions"/> are indexed words that start with the prefix: FTS5 stems
    /// the index (porter), so "separat*" would look for stems that start with "separat" and miss "separation" (stem
    /// "separ"); matching the whole words instead, each stemmed, finds it.
    /// </summary>
    public string ToFts5(IReadOnlyCollection<string> completions, bool titleOnly = false)
    {
        var clauses = Required.Select(c => c.Count == 1 ? Fts5(c[0]) : "(" + string.Join(" OR ", c.Select(Fts5)) + ")").ToList();
        if (Prefix is not null)
        {
            var words = completions.Prepend(Prefix).Distinct().Select(w => Fts5(new Term([w])));
            clauses.Add("(" + string.Join(" OR ", words) + ")");
        }

        var expression = string.Join(" AND ", clauses);
        foreach (var term in Excluded)
        {
            expression = $"({expression}) NOT {Fts5(term)}";
        }

        return titleOnly ? $"{{\"Title\"}} : ({expression})" : expression;
    }

    private static string Fts5(Term term) => "\"" + string.Join(' ', term.Words) + "\"";

    /// <summary>
    /// The to_tsquery text of everything but the prefix (empty when there is nothing else). With
    /// <paramref name="titleOnly"/> every word matches only title lexemes (weight A).
    /// </summary>
    public string ToTsQuery(bool titleOnly = false)
    {
        var weight = titleOnly ? ":A" : "";
        var parts = Required.Select(c => c.Count == 1 ? Ts(c[0], weight) : "(" + string.Join(" | ", c.Select(t => Ts(t, weight))) + ")")
            .Concat(Excluded.Select(t => "!" + Ts(t, weight)));
        return string.Join(" & ", parts);
    }

    /// <summary>The prefix as a to_tsquery word (stemmed by the English configuration) and as a prefix (plain configuration).</summary>
    public (string Word, string Prefix)? TsPrefix(bool titleOnly = false) =>
        Prefix is null ? null : titleOnly ? ($"'{Prefix}':A", $"'{Prefix}':*A") : ($"'{Prefix}'", $"'{Prefix}':*");

    private static string Ts(Term term, string weight) =>
        term.IsPhrase ? "(" + string.Join(" <-> ", term.Words.Select(w => $"'{w}'{weight}")) + ")" : $"'{term.Words[0]}'{weight}";
}
