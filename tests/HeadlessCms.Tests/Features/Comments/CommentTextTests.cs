using HeadlessCms.Api.Features.Comments;

namespace HeadlessCms.Tests.Features.Comments;

public sealed class CommentTextTests
{
    [Theory]
    [InlineData("Hello", "<p>Hello</p>")]
    [InlineData("One\nTwo", "<p>One<br>Two</p>")]
    [InlineData("One\r\n\r\n\r\nTwo\r\nThree", "<p>One</p><p>Two<br>Three</p>")]
    [InlineData("  padded  \n \n  ", "<p>padded</p>")]
    [InlineData("a < b && c > \"d\" 'e'", "<p>a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#x27;e&#x27;</p>")]
    [InlineData("Grüße, Жанна, 東京", "<p>Grüße, Жанна, 東京</p>")]
    public void Text_becomes_paragraphs_and_line_breaks_with_everything_encoded(string text, string html) =>
        Assert.Equal(html, CommentText.ToHtml(text));

    [Theory]
    [InlineData("See https://example.org/a.", "<p>See <a href=\"https://example.org/a\" rel=\"nofollow ugc noopener\">https://example.org/a</a>.</p>")]
    [InlineData("(http://example.org/x)", "<p>(<a href=\"http://example.org/x\" rel=\"nofollow ugc noopener\">http://example.org/x</a>)</p>")]
    [InlineData("https://en.wikipedia.org/wiki/Cerium_(element)",
        "<p><a href=\"https://en.wikipedia.org/wiki/Cerium_(element)\" rel=\"nofollow ugc noopener\">https://en.wikipedia.org/wiki/Cerium_(element)</a></p>")]
    [InlineData("https://x.example/?q=\"><script>", "<p><a href=\"https://x.example/?q=\" rel=\"nofollow ugc noopener\">https://x.example/?q=</a>&quot;&gt;&lt;script&gt;</p>")]
    [InlineData("javascript:alert(1) and ftp://x.example", "<p>javascript:alert(1) and ftp://x.example</p>")]
    public void Only_bare_http_urls_become_links(string text, string html) =>
        Assert.Equal(html, CommentText.ToHtml(text));

    [Theory]
    [InlineData("no links", 0)]
    [InlineData("https://a.example and http://b.example/x", 2)]
    [InlineData("https://www.a.example counts once, www.b.example too", 2)]
    public void Links_are_counted_with_or_without_a_scheme(string text, int count) =>
        Assert.Equal(count, CommentText.CountLinks(text));
}
