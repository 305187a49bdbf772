using System.Text;
using AnyAscii;

namespace HeadlessCms.Api.Common.Text;

public static class Slugs
{
    public const int MaxLength = 120;

    /// <summary>
    /// Turns any title into a lowercase a-z0-9 slug: Unicode is transliterated (ü → u, Ж → zh),
    /// apostrophes vanish so "Russia’s" reads "russias", everything else becomes a single hyphen.
    /// </summary>
    public static string FromText(string text)
    {
        var ascii = text.Transliterate().ToLowerInvariant();
        var slug = new StringBuilder(ascii.Length);
        var pendingHyphen = false;
        foreach (var c in ascii)
        {
            if (c is '\'' or '`')
            {
                continue;
            }

            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingHyphen && slug.Length > 0)
                {
                    slug.Append('-');
                }

                pendingHyphen = false;
                slug.Append(c);
            }
            else
            {
                pendingHyphen = true;
            }
        }

        return Truncate(slug.ToString(), MaxLength);
    }

    /// <summary>Room kept for a suffix from "-2" to "-9999999" when a long slug is cut for one.</summary>
    private const int SuffixRoom = 8;

    /// <summary>The slug with a numeric suffix, still within the length limit: "title-2", "title-3", ...</summary>
    public static string WithSuffix(string slug, int n)
    {
        var suffix = "-" + n;
        var stem = SuffixStem(slug);
        return (stem.Length + suffix.Length <= MaxLength ? stem : Truncate(slug, MaxLength - suffix.Length)) + suffix;
    }

    /// <summary>
    /// What <see cref="WithSuffix"/> puts the number after: the slug, or a long slug cut once for all suffixes,
    /// so that every suffixed form of one slug starts with the same "stem-" and one query finds them all.
    /// </summary>
    public static string SuffixStem(string slug) => Truncate(slug, MaxLength - SuffixRoom);

    private static string Truncate(string slug, int max)
    {
        if (slug.Length <= max)
        {
            return slug;
        }

        var cut = slug.LastIndexOf('-', max);
        return (cut > max / 2 ? slug[..cut] : slug[..max]).TrimEnd('-');
    }
}
