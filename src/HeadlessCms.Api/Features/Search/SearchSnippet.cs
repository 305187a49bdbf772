using System.Text;

namespace HeadlessCms.Api.Features.Search;

/// <summary>
/// The passage of a hit's text that shows why it matched: the window of <see cref="Words"/> words with the most
/// matched words, each wrapped in &lt;mark&gt;, everything else HTML-escaped, so a front end may insert it as HTML.
/// Built here, not by the engine, so both engines mark the same words the same way. Which words count as matched is
/// decided by folding (case, accents) and a light English suffix rule; it decides only what is marked, never what is
/// found.
/// </summary>
public static class SearchSnippet
{
    public const int Words = 30;

    private static readonly string[] Suffixes = ["ations", "ation", "ings", "ing", "ions", "ion", "ers", "er", "ies", "es", "ed", "ly", "s", "e"];

    /// <summary>The snippet of the first text with a match (body, then excerpt); when none matches, the excerpt's opening.</summary>
    public static string For(SearchQuery query, params string?[] texts)
    {
        var stems = query.PositiveWords.Select(Stem).Distinct().ToArray();
        foreach (var text in texts)
        {
            if (!string.IsNullOrWhiteSpace(text) && Build(text, stems, query.Prefix) is { } snippet)
            {
                return snippet;
            }
        }

        var opening = texts.LastOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "";
        return Build(opening, [], null) ?? "";
    }

    private static string? Build(string text, string[] stems, string? prefix)
    {
        var tokens = new List<(int Start, int End, bool Match)>();
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && !SearchQuery.IsWordChar(span, i))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && SearchQuery.IsWordChar(span, i))
            {
                i++;
            }

            if (i > start)
            {
                var word = SearchQuery.Fold(span[start..i]);
                tokens.Add((start, i, Matches(word, stems, prefix)));
            }
        }

        if (tokens.Count == 0)
        {
            return null;
        }

        var matched = tokens.Select(t => t.Match ? 1 : 0).ToArray();
        if (stems.Length > 0 && matched.Sum() == 0)
        {
            return null;
        }

        // The window with the most matches; the earliest of equals.
        var size = Math.Min(Words, tokens.Count);
        var count = matched.Take(size).Sum();
        var (best, bestCount) = (0, count);
        for (var s = 1; s + size <= tokens.Count; s++)
        {
            count += matched[s + size - 1] - matched[s - 1];
            if (count > bestCount)
            {
                (best, bestCount) = (s, count);
            }
        }

        // Start a little before the first match in the window, so it reads in context.
        var firstMatch = Enumerable.Range(best, size).FirstOrDefault(k => tokens[k].Match, best);
        best = Math.Max(0, Math.Min(best, firstMatch - 3));
        var last = Math.Min(tokens.Count, best + size) - 1;

        var html = new StringBuilder();
        if (best > 0)
        {
            html.Append('…');
        }

        var at = tokens[best].Start;
        for (var k = best; k <= last; k++)
        {
            var (start, end, match) = tokens[k];
            html.Append(Escape(text[at..start]));
            html.Append(match ? $"<mark>{Escape(text[start..end])}</mark>" : Escape(text[start..end]));
            at = end;
        }

        if (last < tokens.Count - 1)
        {
            html.Append('…');
        }
        else
        {
            html.Append(Escape(text[at..].TrimEnd()));
        }

        return html.ToString();
    }

    // Only what HTML needs (WebUtility.HtmlEncode would also turn every Latin-1 letter such as é into an entity).
    private static string Escape(string text) => text.ReplaceLineEndings(" ")
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    private static bool Matches(string word, string[] stems, string? prefix)
    {
        if (prefix is not null && word.StartsWith(prefix, StringComparison.Ordinal))
        {
            return true;
        }

        var stem = Stem(word);
        foreach (var s in stems)
        {
            if (stem == s || (Math.Min(stem.Length, s.Length) >= 4 && (stem.StartsWith(s, StringComparison.Ordinal) || s.StartsWith(stem, StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    private static string Stem(string word)
    {
        foreach (var suffix in Suffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }
}
