using HeadlessCms.Api.Common.Text;

namespace HeadlessCms.Tests.Common;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("Ore and Order: Russia’s Rare Earth Gambit", "ore-and-order-russias-rare-earth-gambit")]
    [InlineData("Russia's rare earths", "russias-rare-earths")]
    [InlineData("“Quoted” words and ‘single’ ones", "quoted-words-and-single-ones")]
    [InlineData("Über die Straße", "uber-die-strasse")]
    [InlineData("Größenwahn & Lücken", "grossenwahn-lucken")]
    [InlineData("Москва и Санкт-Петербург", "moskva-i-sankt-peterburg")]
    [InlineData("Жёлтый щит", "zheltyy-shchit")]
    [InlineData("Crème brûlée à la française", "creme-brulee-a-la-francaise")]
    [InlineData("Łódź, Kraków", "lodz-krakow")]
    [InlineData("  Leading and trailing  ", "leading-and-trailing")]
    [InlineData("Multiple   spaces -- and -- dashes", "multiple-spaces-and-dashes")]
    [InlineData("2026: Q1 results (preliminary)", "2026-q1-results-preliminary")]
    [InlineData("ALL CAPS TITLE", "all-caps-title")]
    [InlineData("non\u00a0breaking\u00a0space", "non-breaking-space")]
    [InlineData("rock`n`roll", "rocknroll")]
    [InlineData("Cafe\u0301 culture", "cafe-culture")]
    [InlineData("東京 Tokyo", "dongjing-tokyo")]
    public void FromText_makes_lowercase_ascii_slugs(string text, string expected)
    {
        var slug = Slugs.FromText(text);

        Assert.Equal(expected, slug);
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", slug);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!…")]
    [InlineData("— – -- ***")]
    [InlineData("’‘“”")]
    public void FromText_of_text_without_letters_or_digits_is_empty(string text)
    {
        Assert.Equal("", Slugs.FromText(text));
    }

    [Fact]
    public void FromText_cuts_long_titles_at_a_hyphen_within_120_characters()
    {
        var title = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"word{i}"));
        var slug = Slugs.FromText(title);

        Assert.True(slug.Length <= Slugs.MaxLength, $"{slug.Length} characters");
        Assert.True(slug.Length > Slugs.MaxLength - 10, $"Cut too short: {slug.Length} characters");
        Assert.StartsWith(slug + "-", string.Join('-', Enumerable.Range(1, 40).Select(i => $"word{i}")));
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", slug);
    }

    [Fact]
    public void FromText_cuts_a_title_without_hyphens_hard_at_120()
    {
        var slug = Slugs.FromText(new string('a', 300));

        Assert.Equal(new string('a', 120), slug);
    }

    [Fact]
    public void FromText_cuts_hard_when_the_last_hyphen_is_too_early()
    {
        var slug = Slugs.FromText("short " + new string('b', 300));

        Assert.Equal("short-" + new string('b', 114), slug);
        Assert.Equal(120, slug.Length);
    }

    [Fact]
    public void FromText_never_ends_with_a_hyphen_after_cutting()
    {
        // The 120th character is the hyphen itself.
        var slug = Slugs.FromText(new string('a', 119) + " " + new string('b', 50));

        Assert.Equal(new string('a', 119), slug);
    }

    [Theory]
    [InlineData("title", 2, "title-2")]
    [InlineData("title", 10, "title-10")]
    [InlineData("a-b-c", 3, "a-b-c-3")]
    public void WithSuffix_appends_the_number(string slug, int n, string expected)
    {
        Assert.Equal(expected, Slugs.WithSuffix(slug, n));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(99)]
    [InlineData(12345)]
    public void WithSuffix_keeps_long_slugs_within_the_limit(int n)
    {
        var words = string.Join('-', Enumerable.Range(1, 30).Select(i => $"word{i}"));
        var slug = Slugs.FromText(words);
        Assert.True(slug.Length > 110);

        var suffixed = Slugs.WithSuffix(slug, n);

        Assert.True(suffixed.Length <= Slugs.MaxLength, $"{suffixed.Length} characters");
        Assert.EndsWith($"-{n}", suffixed);
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", suffixed);
        Assert.StartsWith(suffixed[..^$"-{n}".Length], slug);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(115)]
    [InlineData(113)]
    public void All_suffixed_forms_of_a_long_slug_share_one_stem(int length)
    {
        var slug = string.Join('-', Enumerable.Range(1, 30).Select(i => $"w{i:D3}"))[..length].TrimEnd('-');
        var stem = Slugs.SuffixStem(slug);

        foreach (var n in new[] { 2, 9, 10, 99, 100, 12345, 9_999_999 })
        {
            var suffixed = Slugs.WithSuffix(slug, n);
            Assert.Equal($"{stem}-{n}", suffixed);
            Assert.True(suffixed.Length <= Slugs.MaxLength, $"{suffixed} has {suffixed.Length} characters");
        }

        Assert.StartsWith(stem, slug);
        Assert.True(stem.Length >= Slugs.MaxLength / 2);
    }

    [Fact]
    public void The_stem_of_a_short_slug_is_the_slug()
    {
        Assert.Equal("short-title", Slugs.SuffixStem("short-title"));
        Assert.Equal(new string('x', 112), Slugs.SuffixStem(new string('x', 112)));
    }

    [Fact]
    public void A_suffix_beyond_the_room_kept_still_fits()
    {
        var suffixed = Slugs.WithSuffix(new string('x', 120), int.MaxValue);

        Assert.Equal(Slugs.MaxLength, suffixed.Length);
        Assert.EndsWith($"-{int.MaxValue}", suffixed);
    }
}
