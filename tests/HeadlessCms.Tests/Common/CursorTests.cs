using System.Text;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Tests.Common;

public sealed class CursorTests
{
    [Fact]
    public void A_timeline_cursor_round_trips_to_the_tick_and_is_utc()
    {
        var at = new DateTime(2026, 3, 14, 15, 9, 26, DateTimeKind.Utc).AddTicks(5358979);
        var id = Guid.CreateVersion7();

        var cursor = Cursor.ForTimeline(at, id);

        Assert.True(Cursor.TryTimeline(cursor, out var decodedAt, out var decodedId));
        Assert.Equal(at.Ticks, decodedAt.Ticks);
        Assert.Equal(DateTimeKind.Utc, decodedAt.Kind);
        Assert.Equal(id, decodedId);
        Assert.True(Cursor.IsValid(cursor, CursorKind.Timeline));
        Assert.False(Cursor.IsValid(cursor, CursorKind.Slug));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("rare-earths")]
    [InlineData("x-1-2-3-4-5-6-7-8-9")]
    public void A_slug_cursor_round_trips(string slug)
    {
        var cursor = Cursor.ForSlug(slug);

        Assert.True(Cursor.TrySlug(cursor, out var decoded));
        Assert.Equal(slug, decoded);
        Assert.True(Cursor.IsValid(cursor, CursorKind.Slug));
        Assert.False(Cursor.IsValid(cursor, CursorKind.Timeline));
    }

    [Fact]
    public void Cursors_are_url_safe_and_opaque()
    {
        var cursor = Cursor.ForTimeline(DateTime.UtcNow, Guid.CreateVersion7());
        var slugCursor = Cursor.ForSlug(new string('z', 120));

        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
        Assert.Matches("^[A-Za-z0-9_-]+$", slugCursor);
        Assert.Equal(cursor, Uri.EscapeDataString(cursor));
        Assert.DoesNotContain("zzz", slugCursor);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage!")]
    [InlineData("====")]
    [InlineData("dDE6")]                                             // "t1:"
    [InlineData("dDE6MTIzNDU")]                                      // "t1:12345"
    [InlineData("dDE6YWJjOjAxOTNhM2IwMDAwMDcwMDA4MDAwMDAwMDAwMDAwMDAw")] // "t1:abc:<guid>"
    [InlineData("dDE6LTE6MDE5M2EzYjAwMDAwNzAwMDgwMDAwMDAwMDAwMDAwMDA")] // "t1:-1:<guid>"
    [InlineData("dDE6MTI6bm90LWEtZ3VpZA")]                          // "t1:12:not-a-guid"
    [InlineData("dDI6MTI6MDE5M2EzYjAwMDAwNzAwMDgwMDAwMDAwMDAwMDAwMDA")] // "t2:12:<guid>", another version
    [InlineData("czE6c29tZS1zbHVn")]                                 // "s1:some-slug", a slug cursor
    public void Garbage_is_not_a_timeline_cursor(string? cursor)
    {
        Assert.False(Cursor.TryTimeline(cursor, out _, out _));
        if (cursor is not null)
        {
            Assert.False(Cursor.IsValid(cursor, CursorKind.Timeline));
        }
    }

    [Fact]
    public void Ticks_beyond_the_calendar_are_not_a_cursor()
    {
        var tooLate = Encode($"t1:{DateTime.MaxValue.Ticks + 1}:{Guid.CreateVersion7():N}");
        var overflow = Encode($"t1:99999999999999999999999:{Guid.CreateVersion7():N}");

        Assert.False(Cursor.TryTimeline(tooLate, out _, out _));
        Assert.False(Cursor.TryTimeline(overflow, out _, out _));
        Assert.True(Cursor.TryTimeline(Encode($"t1:{DateTime.MaxValue.Ticks}:{Guid.Empty:N}"), out _, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("czE6")]                // "s1:" with no slug
    [InlineData("dDE6MTIzNDU")]         // a timeline-looking cursor
    public void Garbage_is_not_a_slug_cursor(string? cursor)
    {
        Assert.False(Cursor.TrySlug(cursor, out _));
    }

    [Fact]
    public void Very_long_cursors_are_rejected_without_decoding()
    {
        var huge = Encode("s1:" + new string('a', 1000));

        Assert.False(Cursor.TrySlug(huge, out _));
    }

    private static string Encode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
