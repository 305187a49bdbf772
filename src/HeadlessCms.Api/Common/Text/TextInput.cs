namespace HeadlessCms.Api.Common.Text;

/// <summary>
/// The one rule for text that comes in from a client (JSON strings, query values, path segments, decoded cursors):
/// no C0 control characters except tab, line feed and carriage return (PostgreSQL cannot store NUL at all, and the
/// others are never intended in news copy), and no lone UTF-16 surrogates (they are not text and break every encoder
/// downstream). Accepted text is stored in Unicode normalization form C, so the same words always compare equal.
/// </summary>
public static class TextInput
{
    public const string Rule = "must not contain NUL, other control characters (tab, line feed and carriage return are allowed) or invalid Unicode";

    /// <summary>The index of the first character that breaks the rule, or -1 when the text is acceptable.</summary>
    public static int FindInvalid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u0020')
            {
                if (c is '\t' or '\n' or '\r')
                {
                    continue;
                }

                return i;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool IsValid(ReadOnlySpan<char> text) => FindInvalid(text) < 0;

    /// <summary>Describes the offending character so a client can find it: "U+0000 at position 3".</summary>
    public static string Describe(string field, string text)
    {
        var at = FindInvalid(text);
        return at < 0 ? $"'{field}' is valid." : $"'{field}' {Rule}; found U+{(int)text[at]:X4} at position {at}.";
    }

    /// <summary>
    /// NFC through our own composition table: the API runs with InvariantGlobalization, where
    /// <see cref="string.Normalize()"/> has no ICU and returns its input unchanged.
    /// </summary>
    public static string Normalize(string text) => CanonicalComposition.Compose(text);
}
