using System.Buffers.Text;
using System.Globalization;
using System.Text;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Api.Common.Http;

public enum CursorKind
{
    /// <summary>Articles: newest first by (listedAt, id).</summary>
    Timeline,

    /// <summary>Authors and tags: by slug.</summary>
    Slug,

    /// <summary>Search hits: best score first, then newest first by (listedAt, id).</summary>
    Ranked,

    /// <summary>Numbered items of one parent (an article's revisions), newest first by number.</summary>
    Number,
}

/// <summary>
/// Opaque keyset cursors. The client sees base64url; inside is the sort key of the last item served,
/// so the next page starts strictly after it whatever was inserted in between.
/// </summary>
public static class Cursor
{
    /// <summary>No cursor this API writes is longer; a longer one is rejected unread.</summary>
    public const int MaxLength = 400;

    private const string TimelinePrefix = "t1:";
    private const string SlugPrefix = "s1:";
    private const string RankedPrefix = "r1:";
    private const string NumberPrefix = "n1:";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string ForTimeline(DateTime at, Guid id) =>
        Encode($"{TimelinePrefix}{at.Ticks.ToString(CultureInfo.InvariantCulture)}:{id:N}");

    public static string ForSlug(string slug) => Encode(SlugPrefix + slug);

    /// <summary>The score travels in its round-trip form, so the next page compares against exactly the same value.</summary>
    public static string ForRanked(double score, DateTime at, Guid id) =>
        Encode($"{RankedPrefix}{score.ToString("R", CultureInfo.InvariantCulture)}:{at.Ticks.ToString(CultureInfo.InvariantCulture)}:{id:N}");

    public static string ForNumber(int number) => Encode(NumberPrefix + number.ToString(CultureInfo.InvariantCulture));

    public static bool IsValid(string cursor, CursorKind kind) => kind switch
    {
        CursorKind.Timeline => TryTimeline(cursor, out _, out _),
        CursorKind.Ranked => TryRanked(cursor, out _, out _, out _),
        CursorKind.Number => TryNumber(cursor, out _),
        _ => TrySlug(cursor, out _),
    };

    public static bool TryRanked(string? cursor, out double score, out DateTime at, out Guid id)
    {
        score = default;
        at = default;
        id = default;
        var text = Decode(cursor, RankedPrefix);
        var split = text?.IndexOf(':') ?? -1;
        return split > 0
            && double.TryParse(text![..split], NumberStyles.Float, CultureInfo.InvariantCulture, out score)
            && double.IsFinite(score)
            && TryTimelineParts(text[(split + 1)..], out at, out id);
    }

    public static bool TryTimeline(string? cursor, out DateTime at, out Guid id) =>
        TryTimelineParts(Decode(cursor, TimelinePrefix), out at, out id);

    private static bool TryTimelineParts(string? text, out DateTime at, out Guid id)
    {
        at = default;
        id = default;
        var parts = text?.Split(':');
        if (parts is not { Length: 2 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
            || !Guid.TryParseExact(parts[1], "N", out id))
        {
            return false;
        }

        at = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    public static bool TryNumber(string? cursor, out int number)
    {
        number = 0;
        return Decode(cursor, NumberPrefix) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }

    public static bool TrySlug(string? cursor, out string slug)
    {
        slug = Decode(cursor, SlugPrefix) ?? "";
        return slug.Length > 0;
    }

    private static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    private static string? Decode(string? cursor, string prefix)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxLength)
        {
            return null;
        }

        try
        {
            // A cursor is ours only if it decodes to valid text: a forged one must not smuggle a NUL into a query.
            var text = StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
            if (!TextInput.IsValid(text))
            {
                return null;
            }

            return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <summary>A page of a list: the items and the cursor of the next page (null on the last one).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
