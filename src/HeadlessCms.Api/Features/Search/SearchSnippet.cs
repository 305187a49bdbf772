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
        var stems = query.PositiveWords.Select(w => Stem(w).ToString()).Distinct().ToArray();
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

    // Every word of a hit's text is folded and compared, twenty texts a search: without a string per word.
    private static string? Build(string text, string[] stems, string? prefix)
    {
        var tokens = new List<(int Start, int End, bool Match)>(text.Length / 6 + 1);
        var span = text.AsSpan();
        Span<char> buffer = stackalloc char[64];
        var matches = 0;
        for (var i = 0; SearchQuery.NextWord(span, i, out var start, out var end); i = end)
        {
            var word = span[start..end];
            var match = false;
            if (MayMatch(word[0], stems, prefix))
            {
                var folded = word.Length <= buffer.Length ? buffer : new char[word.Length];
                match = Matches(folded[..SearchQuery.Fold(word, folded)], stems, prefix);
            }

            matches += match ? 1 : 0;
            tokens.Add((start, end, match));
        }

        if (tokens.Count == 0 || (stems.Length > 0 && matches == 0))
        {
            return null;
        }

        // The window with the most matches; the earliest of equals.
        var size = Math.Min(Words, tokens.Count);
        var count = 0;
        for (var k = 0; k < size; k++)
        {
            count += tokens[k].Match ? 1 : 0;
        }

        var (best, bestCount) = (0, count);
        for (var s = 1; s + size <= tokens.Count; s++)
        {
            count += (tokens[s + size - 1].Match ? 1 : 0) - (tokens[s - 1].Match ? 1 : 0);
            if (count > bestCount)
            {
                (best, bestCount) = (s, count);
            }
        }

        // Start a little before the first match in the window, so it reads in context.
        var firstMatch = best;
        for (var k = best; k < best + size; k++)
        {
            if (tokens[k].Match)
            {
                firstMatch = k;
                break;
            }
        }

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
            AppendEscaped(html, span[at..start]);
            if (match)
            {
                AppendEscaped(html.Append("<mark>"), span[start..end]).Append("</mark>");
            }
            else
            {
                AppendEscaped(html, span[start..end]);
            }

            at = end;
        }

        if (last < tokens.Count - 1)
        {
            html.Append('…');
        }
        else
        {
            AppendEscaped(html, span[at..].TrimEnd());
        }

        return html.ToString();
    }

    // Only what HTML needs (WebUtility.HtmlEncode would also turn every Latin-1 letter such as é into an entity); line
    // breaks become spaces, as string.ReplaceLineEndings(" ") does (CRLF counts as one).
    private static StringBuilder AppendEscaped(StringBuilder html, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' => html.Append("&quot;"),
                '\'' => html.Append("&#39;"),
                '\r' when i + 1 < text.Length && text[i + 1] == '\n' => html.Append(' '),
                '\n' when i > 0 && text[i - 1] == '\r' => html,
                '\r' or '\n' or '\f' or '\u0085' or '\u2028' or '\u2029' => html.Append(' '),
                _ => html.Append(c),
            };
        }

        return html;
    }

    private static bool Matches(ReadOnlySpan<char> word, string[] stems, string? prefix)
    {
        if (prefix is not null && word.StartsWith(prefix, StringComparison.Ordinal))
        {
            return true;
        }

        var stem = Stem(word);
        foreach (var s in stems)
        {
            if (stem.SequenceEqual(s) || (Math.Min(stem.Length, s.Length) >= 4 && (stem.StartsWith(s, StringComparison.Ordinal) || s.AsSpan().StartsWith(stem, StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    // Every way of matching needs the same first letter, which most words of a text share with no query word. Only an
    // ASCII letter is told apart this cheaply (others may fold to nothing or to another letter).
    private static bool MayMatch(char first, string[] stems, string? prefix)
    {
        if (!char.IsAscii(first))
        {
            return true;
        }

        var folded = char.ToLowerInvariant(first);
        if (prefix is { Length: > 0 } && prefix[0] == folded)
        {
            return true;
        }

        foreach (var s in stems)
        {
            if (s.Length > 0 && s[0] == folded)
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
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
