using HeadlessCms.Api.Common.Text;

namespace HeadlessCms.Tests.Common;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer renderer = new();

    [Fact]
    public void Renders_headings_with_ids_emphasis_lists_and_tables()
    {
        var html = renderer.ToHtml("""
            ## Supply Outlook

            Output *fell* and **prices** rose.

            - one
            - two

            | metal | share |
            | ----- | ----- |
            | Nd    | 90%   |
            """);

        Assert.Contains("<h2 id=\"supply-outlook\">Supply Outlook</h2>", html);
        Assert.Contains("<em>fell</em>", html);
        Assert.Contains("<strong>prices</strong>", html);
        Assert.Contains("<li>one</li>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<td>Nd</td>", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", "script")]
    [InlineData("<img src=\"https://example.org/a.png\" onerror=\"alert(1)\">", "onerror")]
    [InlineData("<p onmouseover=\"alert(1)\">hover</p>", "onmouseover")]
    [InlineData("[x](javascript:alert(1))", "javascript:")]
    [InlineData("[x](JAVASCRIPT:alert(1))", "javascript:")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "ascript:")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<style>body{display:none}</style>", "<style")]
    [InlineData("<svg onload=\"alert(1)\"></svg>", "onload")]
    public void Removes_scripts_event_handlers_and_dangerous_urls(string markdown, string forbidden)
    {
        Assert.DoesNotContain(forbidden, renderer.ToHtml(markdown), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Keeps_the_harmless_part_of_dangerous_markup()
    {
        var html = renderer.ToHtml("Before <script>alert(1)</script> **after**");

        Assert.Contains("Before", html);
        Assert.Contains("<strong>after</strong>", html);
    }

    [Theory]
    [InlineData("[report](https://example.org/r)", "https://example.org/r")]
    [InlineData("[report](http://example.org/r)", "http://example.org/r")]
    [InlineData("<https://example.org/auto>", "https://example.org/auto")]
    [InlineData("<a href=\"https://example.org/raw\" rel=\"opener\">raw</a>", "https://example.org/raw")]
    public void External_links_get_rel_noopener(string markdown, string href)
    {
        var html = renderer.ToHtml(markdown);

        Assert.Matches($"<a href=\"{System.Text.RegularExpressions.Regex.Escape(href)}\" rel=\"noopener\">", html);
    }

    [Theory]
    [InlineData("[about](/about)")]
    [InlineData("[section](#supply)")]
    [InlineData("[mail](mailto:desk@example.org)")]
    public void Other_links_are_kept_without_rel(string markdown)
    {
        var html = renderer.ToHtml(markdown);

        Assert.Contains("<a href=", html);
        Assert.DoesNotContain("rel=", html);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Nothing_renders_to_an_empty_string(string? markdown)
    {
        Assert.Equal("", renderer.ToHtml(markdown));
        Assert.Equal(1, MarkdownRenderer.ReadingTimeMinutes(markdown));
        Assert.Equal("", MarkdownRenderer.DeriveExcerpt(markdown));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(230, 1)]
    [InlineData(231, 2)]
    [InlineData(460, 2)]
    [InlineData(461, 3)]
    public void Reading_time_is_words_over_230_rounded_up(int words, int minutes)
    {
        Assert.Equal(minutes, MarkdownRenderer.ReadingTimeMinutes(string.Join(' ', Enumerable.Repeat("w", words))));
    }

    [Fact]
    public void Reading_time_counts_words_not_markup()
    {
        var markdown = string.Join("\n\n", Enumerable.Repeat("**w** [w](https://example.org/a-very-long-url) `w`", 77));

        Assert.Equal(2, MarkdownRenderer.ReadingTimeMinutes(markdown));
    }

    [Fact]
    public void The_excerpt_is_the_first_paragraph_of_some_length_as_plain_text()
    {
        var excerpt = MarkdownRenderer.DeriveExcerpt(
            "# Title\n\nShort.\n\nThe *first* real paragraph, with a [link](https://example.org) in it.\n\nAnother one.");

        Assert.Equal("The first real paragraph, with a link in it.", excerpt);
    }

    [Fact]
    public void A_long_excerpt_is_cut_at_a_word_with_an_ellipsis()
    {
        var paragraph = string.Join(' ', Enumerable.Range(1, 100).Select(i => $"word{i},"));

        var excerpt = MarkdownRenderer.DeriveExcerpt(paragraph);

        Assert.True(excerpt.Length <= 300, $"{excerpt.Length} characters");
        Assert.EndsWith("…", excerpt);
        Assert.DoesNotContain(",…", excerpt);
        Assert.StartsWith(excerpt[..^1], paragraph);
        Assert.Matches(@"word\d+…$", excerpt);
    }

    [Theory]
    [InlineData("<script>alert(\"x\")</script>\n\nThe paragraph that follows the raw HTML block is the excerpt.", "The paragraph that follows the raw HTML block is the excerpt.")]
    [InlineData("# Heading first\n\nThen the paragraph, which is long enough to be the excerpt here.", "Then the paragraph, which is long enough to be the excerpt here.")]
    [InlineData("First line of the paragraph\nand its second line after a soft break.", "First line of the paragraph and its second line after a soft break.")]
    [InlineData("A hard break at the end of this line  \nand `code`, <b>inline html</b> &amp; an ![image](a.png) dropped.", "A hard break at the end of this line and code, inline html & an dropped.")]
    [InlineData("<div>\nonly an HTML block\n</div>", "")]
    [InlineData("- a list item only, which is not a top-level paragraph but still the only text", "a list item only, which is not a top-level paragraph but still the only text")]
    public void The_excerpt_comes_from_the_syntax_tree(string markdown, string expected)
    {
        Assert.Equal(expected, MarkdownRenderer.DeriveExcerpt(markdown));
    }

    [Theory]
    [InlineData("//evil.example/p", true)]
    [InlineData("/\\evil.example/p", true)]
    [InlineData("\\\\evil.example/p", true)]
    [InlineData(" https://example.org", true)]
    [InlineData("/local/path", false)]
    [InlineData("#anchor", false)]
    [InlineData("mailto:a@example.org", false)]
    public void Protocol_relative_links_are_external(string href, bool external)
    {
        Assert.Equal(external, MarkdownRenderer.IsExternal(href));
    }

    [Fact]
    public void A_protocol_relative_link_gets_rel_noopener()
    {
        Assert.Contains("<a href=\"//evil.example/p\" rel=\"noopener\">x</a>", renderer.ToHtml("[x](//evil.example/p)"));
    }
}
