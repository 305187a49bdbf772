using System.Text;

namespace HeadlessCms.Api.Common.Text;

/// <summary>One change the repair made: where in the input (0-based offset, 1-based line and column), what was there, what is now.</summary>
public sealed record TextRepair(string Kind, string Before, string After, int Offset, int Line, int Column);

/// <summary>The repaired text and every change made to it.</summary>
public sealed record RepairResult(string Text, IReadOnlyList<TextRepair> Repairs);

/// <summary>
/// Reverses mojibake: UTF-8 bytes that something decoded as Windows-874 (Thai), Windows-1252 or Latin-1, once or twice
/// over, so that ’ reads "โ€™" or "â€™" and é reads "Ã©". Each suspect run is turned back into the bytes those code pages
/// gave and decoded as UTF-8, one character at a time.
/// <para>
/// It never invents: a sequence is changed only when it decodes to valid UTF-8 <em>and</em> the evidence says it was
/// damage. Strong evidence is a character no real text puts right after a letter (€, ™, ©, ¤, a C1 control, ...).
/// Weak evidence (a curly quote or a Thai letter after the lead) needs context too: a lowercase letter before an
/// uppercase accented lead, a letter right after, Latin letters around Thai, or a neighbouring repair. A Thai lead right
/// after a genuine Thai letter is Thai, and the decoded character must belong to a script or symbol block real text
/// uses. Then stray non-breaking spaces are removed and the text is composed to NFC.
/// </para>
/// </summary>
public static class MojibakeRepair
{
    public const string Windows874 = "windows-874";
    public const string Windows1252 = "windows-1252";
    public const string Latin1 = "latin-1";
    public const string Double = "double-encoding";
    public const string LostByte = "lost-byte";
    public const string NonBreakingSpace = "nbsp";
    public const string Nfc = "nfc";

    private const int MaxPasses = 3;

    /// <summary>Every character the three code pages decode a single byte to, and that byte.</summary>
    private static readonly Dictionary<char, byte> ByteOf = BuildByteTable();

    /// <summary>Characters that real text never puts right after a letter, but the code pages make of UTF-8 continuation bytes.</summary>
    private static readonly HashSet<char> StrongMarkers = BuildStrongMarkers();

    public static RepairResult Repair(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var original = text;

        // Where each character of the current text came from in the original: [start, end).
        var originStart = new int[text.Length];
        var originEnd = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            originStart[i] = i;
            originEnd[i] = i + 1;
        }

        var spans = new List<(int Start, int End, string Kind, int Pass)>();
        for (var pass = 1; pass <= MaxPasses; pass++)
        {
            var edits = FindEdits(text);
            if (edits.Count == 0)
            {
                break;
            }

            (text, originStart, originEnd) = Apply(text, edits, originStart, originEnd, spans, pass);
        }

        (text, originStart, originEnd) = Apply(text, FindStraySpaces(text), originStart, originEnd, spans, 0);

        var composed = new List<CanonicalComposition.Change>();
        var nfc = CanonicalComposition.Compose(text, composed);
        if (composed.Count > 0)
        {
            var edits = composed.Select(c => new Edit(c.Start, c.Before.Length, c.After, Nfc)).ToList();
            (text, originStart, originEnd) = Apply(text, edits, originStart, originEnd, spans, 0);
        }

        return new RepairResult(text, Describe(original, text, originStart, originEnd, spans));
    }

    /// <summary>
    /// <see cref="Repair"/> for Markdown: fenced code blocks and code spans stay exactly as they are, since code and
    /// examples of damage ("`Ã©` is é read as Windows-1252") are legitimately what they look like.
    /// </summary>
    public static RepairResult RepairOutsideCode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var code = CodeRanges(text);
        if (code.Count == 0)
        {
            return Repair(text);
        }

        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var output = new StringBuilder(text.Length);
        var repairs = new List<TextRepair>();
        var at = 0;
        foreach (var (start, end) in code.Append((text.Length, text.Length)))
        {
            if (start > at)
            {
                var part = Repair(text[at..start]);
                output.Append(part.Text);
                foreach (var repair in part.Repairs)
                {
                    var offset = repair.Offset + at;
                    var line = lineStarts.BinarySearch(offset);
                    line = line >= 0 ? line : ~line - 1;
                    repairs.Add(repair with { Offset = offset, Line = line + 1, Column = offset - lineStarts[line] + 1 });
                }
            }

            output.Append(text, start, end - start);
            at = end;
        }

        return new RepairResult(output.ToString(), repairs);
    }

    private static List<(int Start, int End)> CodeRanges(string text)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (System.Text.RegularExpressions.Match fence in FencePattern.Matches(text))
        {
            ranges.Add((fence.Index, fence.Index + fence.Length));
        }

        foreach (System.Text.RegularExpressions.Match span in SpanPattern.Matches(text))
        {
            if (!ranges.Any(r => span.Index < r.End && span.Index + span.Length > r.Start))
            {
                ranges.Add((span.Index, span.Index + span.Length));
            }
        }

        ranges.Sort();
        return ranges;
    }

    private static readonly System.Text.RegularExpressions.Regex FencePattern = new(
        @"^(?<fence>```|~~~)[^\n]*\n.*?^\k<fence>[ \t]*$",
        System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.Singleline);

    private static readonly System.Text.RegularExpressions.Regex SpanPattern = new(@"`[^`\n]+`");

    /// <summary>True when the text still holds a sequence the repair would change (for reports and tests).</summary>
    public static bool LooksDamaged(string text) => FindEdits(text).Count > 0;

    private readonly record struct Edit(int Start, int Length, string Replacement, string Kind);

    private readonly record struct Candidate(int Length, int CodePoint, bool Strong, bool ThaiLead, string Kind);

    /// <summary>
    /// Two readings of the text. First strictly: strong evidence or local context. Then, for a family of damage (Thai-led
    /// Windows-874, or Latin-1/1252) whose letters all sit inside candidate sequences (no genuine Thai, no genuine accented
    /// Latin letter anywhere) and that shows damage already or has three candidates, weak candidates too: a text damaged
    /// throughout has no clean letters of that kind left, while real Thai or Portuguese always has some outside any sequence.
    /// </summary>
    private static List<Edit> FindEdits(string text)
    {
        var (candidates, genuine) = Survey(text);
        var strict = Scan(text, relaxed: (false, false));
        var accepted = (Thai: strict.Count(e => e.Thai), Latin: strict.Count(e => !e.Thai && e.Edit.Kind != LostByte));
        var relaxed = (
            Thai: !genuine.Thai && (accepted.Thai > 0 || candidates.Thai >= 3),
            Latin: !genuine.Latin && (accepted.Latin > 0 || candidates.Latin >= 3));
        return (relaxed.Thai || relaxed.Latin ? Scan(text, relaxed) : strict).Select(e => e.Edit).ToList();
    }

    /// <summary>How many candidate sequences each family has, and whether letters of that family occur outside all of them.</summary>
    private static ((int Thai, int Latin) Candidates, (bool Thai, bool Latin) Genuine) Survey(string text)
    {
        var candidates = (Thai: 0, Latin: 0);
        var genuine = (Thai: false, Latin: false);
        for (var i = 0; i < text.Length;)
        {
            if (TryCandidate(text, i, out var candidate))
            {
                if (candidate.ThaiLead)
                {
                    candidates.Thai++;
                }
                else
                {
                    candidates.Latin++;
                }

                i += candidate.Length;
                continue;
            }

            var c = text[i];
            if (IsThai(c))
            {
                genuine.Thai |= !(c == '\u0E42' && i + 1 < text.Length && text[i + 1] == '€');
            }
            else if (c is >= '\u00C0' and <= '\u00FF' && c != '\u00D7' && c != '\u00F7')
            {
                genuine.Latin |= !(c == 'â' && i + 1 < text.Length && text[i + 1] == '€');
            }

            i++;
        }

        return (candidates, genuine);
    }

    private static List<(Edit Edit, bool Thai)> Scan(string text, (bool Thai, bool Latin) relaxed)
    {
        var edits = new List<(Edit, bool)>();
        var lastRepairEnd = -1;
        for (var i = 0; i < text.Length;)
        {
            if (TryCandidate(text, i, out var candidate)
                && Accept(text, i, candidate, prevRepaired: lastRepairEnd == i, candidate.ThaiLead ? relaxed.Thai : relaxed.Latin))
            {
                var replacement = candidate.CodePoint == 0xFEFF ? "" : char.ConvertFromUtf32(candidate.CodePoint);
                edits.Add((new Edit(i, candidate.Length, replacement, candidate.Kind), candidate.ThaiLead));
                i += candidate.Length;
                lastRepairEnd = i;
                continue;
            }

            if (TryLostQuote(text, i, lastRepairEnd == i, out var length))
            {
                edits.Add((new Edit(i, length, "\u201D", LostByte), text[i] != 'â'));
                i += length;
                lastRepairEnd = i;
                continue;
            }

            i++;
        }

        return edits;
    }

    /// <summary>A valid UTF-8 sequence spelled in code-page characters starts at <paramref name="i"/>.</summary>
    private static bool TryCandidate(string text, int i, out Candidate candidate)
    {
        candidate = default;
        if (!ByteOf.TryGetValue(text[i], out var lead) || lead < 0xC2 || lead > 0xF4)
        {
            return false;
        }

        var length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (i + length > text.Length)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        bytes[0] = lead;
        var strong = false;
        var thai = IsThai(text[i]);
        var c1 = false;
        for (var k = 1; k < length; k++)
        {
            var c = text[i + k];
            if (!ByteOf.TryGetValue(c, out var b) || b < 0x80 || b > 0xBF)
            {
                return false;
            }

            bytes[k] = b;
            // After 'Â' (C2) any continuation is damage: U+0080-U+00BF are the symbols and NBSP, never a letter's ending.
            strong |= StrongMarkers.Contains(c) || text[i] == 'Â';
            thai |= IsThai(c);
            c1 |= c is >= '\u0080' and <= '\u009F';
        }

        // The second byte's range rules out overlong forms and surrogates (RFC 3629).
        var second = bytes[1];
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
        {
            return false;
        }

        var codePoint = length switch
        {
            2 => ((lead & 0x1F) << 6) | (bytes[1] & 0x3F),
            3 => ((lead & 0x0F) << 12) | ((bytes[1] & 0x3F) << 6) | (bytes[2] & 0x3F),
            _ => ((lead & 0x07) << 18) | ((bytes[1] & 0x3F) << 12) | ((bytes[2] & 0x3F) << 6) | (bytes[3] & 0x3F),
        };
        if (!IsPlausible(codePoint))
        {
            return false;
        }

        var kind = thai ? Windows874 : c1 ? Latin1 : Windows1252;
        candidate = new Candidate(length, codePoint, strong, IsThai(text[i]), kind);
        return true;
    }

    private static bool Accept(string text, int i, Candidate candidate, bool prevRepaired, bool relaxed)
    {
        var prev = i > 0 && !prevRepaired ? text[i - 1] : '\0';
        var nextIndex = i + candidate.Length;
        var next = nextIndex < text.Length ? text[nextIndex] : '\0';

        // A Thai letter after a genuine Thai letter is a Thai word, whatever bytes it would make.
        if (candidate.ThaiLead && IsThai(prev))
        {
            return false;
        }

        // A combining mark needs a letter to sit on.
        if (candidate.CodePoint is >= 0x0300 and <= 0x036F && !(prevRepaired || char.IsLetter(prev)))
        {
            return false;
        }

        if (candidate.Strong || candidate.Length >= 3 && !candidate.ThaiLead)
        {
            return true;
        }

        if (prevRepaired || relaxed || char.IsDigit(prev) || char.IsDigit(next))
        {
            return true;
        }

        if (candidate.ThaiLead)
        {
            // Thai letters glued to Latin letters or digits ("Kรถln"), or a run of them that decodes to Thai ("เธชเธง").
            return IsLatinLetterOrDigit(prev) || IsLatinLetterOrDigit(next)
                || (candidate.CodePoint is >= 0x0E00 and <= 0x0E7F && TryCandidate(text, nextIndex, out var following)
                    && following.CodePoint is >= 0x0E00 and <= 0x0E7F);
        }

        // An uppercase accented lead after a lowercase letter ("dÃ»"), or a quote between it and a letter ("ESPAÃ‘A").
        return char.IsLower(prev) || char.IsLetter(next);
    }

    /// <summary>
    /// "โ€" or "â€" at the end of a word: the right double quote (E2 80 9D), whose last byte neither code page defines,
    /// so the decoder dropped it or left U+FFFD. No other character of that row is common enough to be the one.
    /// </summary>
    private static bool TryLostQuote(string text, int i, bool prevRepaired, out int length)
    {
        length = 0;
        if (i + 1 >= text.Length || text[i] is not ('\u0E42' or 'â') || text[i + 1] != '€')
        {
            return false;
        }

        if (text[i] == '\u0E42' && !prevRepaired && i > 0 && IsThai(text[i - 1]))
        {
            return false;
        }

        if (i + 2 < text.Length && text[i + 2] == '\uFFFD')
        {
            length = 3;
            return true;
        }

        var following = i + 2 < text.Length ? text[i + 2] : ' ';
        if (ByteOf.TryGetValue(following, out var b) && b is >= 0x80 and <= 0xBF)
        {
            return false;
        }

        length = 2;
        return true;
    }

    /// <summary>
    /// Non-breaking spaces that carry nothing: at the start or end of a line, or in a run with other spaces. A single one
    /// between two words ("10&#160;km", French "mot&#160;:") is typography and stays.
    /// </summary>
    private static List<Edit> FindStraySpaces(string text)
    {
        var edits = new List<Edit>();
        for (var i = 0; i < text.Length;)
        {
            if (text[i] != '\u00A0' && text[i] != ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] is '\u00A0' or ' ' or '\t')
            {
                i++;
            }

            var run = text[start..i];
            if (!run.Contains('\u00A0'))
            {
                continue;
            }

            var atLineStart = start == 0 || text[start - 1] is '\n' or '\r';
            var atLineEnd = i == text.Length || text[i] is '\n' or '\r';
            if (atLineStart || atLineEnd)
            {
                edits.Add(new Edit(start, run.Length, "", NonBreakingSpace));
            }
            else if (run.Length > 1)
            {
                edits.Add(new Edit(start, run.Length, " ", NonBreakingSpace));
            }
        }

        return edits;
    }

    private static (string, int[], int[]) Apply(
        string text, List<Edit> edits, int[] originStart, int[] originEnd, List<(int, int, string, int)> spans, int pass)
    {
        if (edits.Count == 0)
        {
            return (text, originStart, originEnd);
        }

        var output = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        var at = 0;
        foreach (var edit in edits)
        {
            for (; at < edit.Start; at++)
            {
                output.Append(text[at]);
                starts.Add(originStart[at]);
                ends.Add(originEnd[at]);
            }

            var from = originStart[edit.Start];
            var to = originEnd[edit.Start + edit.Length - 1];
            foreach (var c in edit.Replacement)
            {
                output.Append(c);
                starts.Add(from);
                ends.Add(to);
            }

            spans.Add((from, to, edit.Kind, pass));
            at = edit.Start + edit.Length;
        }

        for (; at < text.Length; at++)
        {
            output.Append(text[at]);
            starts.Add(originStart[at]);
            ends.Add(originEnd[at]);
        }

        return (output.ToString(), starts.ToArray(), ends.ToArray());
    }

    /// <summary>Merges the edits of all passes into one repair per stretch of the original, with the final text for it.</summary>
    private static List<TextRepair> Describe(
        string original, string final, int[] originStart, int[] originEnd, List<(int Start, int End, string Kind, int Pass)> spans)
    {
        var merged = new List<(int Start, int End, string Kind, HashSet<int> Passes)>();
        foreach (var span in spans.OrderBy(s => s.Start).ThenByDescending(s => s.End))
        {
            if (merged.Count > 0 && span.Start < merged[^1].End)
            {
                var last = merged[^1];
                last.Passes.Add(span.Pass);
                var kind = last.Passes.Count(p => p > 0) > 1 ? Double : last.Kind;
                merged[^1] = (last.Start, Math.Max(last.End, span.End), kind, last.Passes);
            }
            else
            {
                merged.Add((span.Start, span.End, span.Kind, [span.Pass]));
            }
        }

        var repairs = new List<TextRepair>(merged.Count);
        var line = 1;
        var lineStart = 0;
        var scanned = 0;
        var j = 0;
        foreach (var (start, end, kind, _) in merged)
        {
            for (; scanned < start; scanned++)
            {
                if (original[scanned] == '\n')
                {
                    line++;
                    lineStart = scanned + 1;
                }
            }

            while (j < final.Length && originStart[j] < start)
            {
                j++;
            }

            var after = new StringBuilder();
            for (var k = j; k < final.Length && originEnd[k] <= end && originStart[k] >= start; k++)
            {
                after.Append(final[k]);
            }

            repairs.Add(new TextRepair(kind, original[start..end], after.ToString(), start, line, start - lineStart + 1));
        }

        return repairs;
    }

    private static bool IsThai(char c) => c is >= '\u0E01' and <= '\u0E5B';

    private static bool IsLatinLetterOrDigit(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') || (c is >= '\u00C0' and <= '\u024F' && char.IsLetter(c));

    /// <summary>Blocks that real text uses: a decoded character elsewhere (Braille, Mongolian, private use) means the guess was wrong.</summary>
    private static bool IsPlausible(int cp) => cp switch
    {
        // A C1 control is never text, but it is what the first of two layers of damage decodes to ("Â\u009D" → U+009D).
        >= 0x0080 and <= 0x024F => true,
        >= 0x02B0 and <= 0x02FF => true,
        >= 0x0300 and <= 0x036F => true,
        >= 0x0370 and <= 0x03FF => true,
        >= 0x0400 and <= 0x04FF => true,
        >= 0x05D0 and <= 0x05EA => true,
        >= 0x0600 and <= 0x06FF => true,
        >= 0x0E01 and <= 0x0E5B => true,
        >= 0x1E00 and <= 0x1EFF => true,
        >= 0x2000 and <= 0x2027 => true,
        0x202F => true,
        >= 0x2030 and <= 0x205E => true,
        >= 0x2070 and <= 0x209C => true,
        >= 0x20A0 and <= 0x20C0 => true,
        >= 0x2100 and <= 0x218B => true,
        >= 0x2190 and <= 0x23FF => true,
        >= 0x2460 and <= 0x24FF => true,
        >= 0x2500 and <= 0x27BF => true,
        >= 0x2B00 and <= 0x2BFF => true,
        >= 0x3000 and <= 0x30FF => true,
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0xAC00 and <= 0xD7A3 => true,
        0xFEFF => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0xFF01 and <= 0xFFEF => true,
        >= 0x1F000 and <= 0x1FAFF => true,
        _ => false,
    };

    private static Dictionary<char, byte> BuildByteTable()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var table = new Dictionary<char, byte>();
        var pages = new[] { Encoding.GetEncoding(1252), Encoding.GetEncoding(874) };
        for (var b = 0x80; b <= 0xFF; b++)
        {
            table.TryAdd((char)b, (byte)b);
            foreach (var page in pages)
            {
                var c = page.GetString([(byte)b])[0];
                if (c is not ((>= '\uF8C0' and <= '\uF8FF') or '\uFFFD'))
                {
                    table.TryAdd(c, (byte)b);
                }
            }
        }

        return table;
    }

    private static HashSet<char> BuildStrongMarkers()
    {
        // Quotes, dashes, the ellipsis, the bullet and guillemets can follow a letter in real text; these cannot.
        var weak = "\u2018\u2019\u201C\u201D\u2013\u2014\u2026\u2022\u00AB\u00BB";
        var markers = new HashSet<char>();
        foreach (var (c, b) in ByteOf)
        {
            if (b is >= 0x80 and <= 0xBF && !IsThai(c) && !weak.Contains(c))
            {
                markers.Add(c);
            }
        }

        return markers;
    }
}
