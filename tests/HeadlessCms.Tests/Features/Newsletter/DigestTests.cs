using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>Which articles a digest carries: each new article once, in one digest.</summary>
public abstract class DigestTests(INewsletterFixture fx)
{
    [Fact]
    public async Task A_digest_carries_the_articles_published_since_the_previous_one_and_never_an_article_twice()
    {
        var editor = await fx.Api.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");

        // Whatever earlier tests published goes into a digest of its own first.
        await editor.PostAsync("/api/v1/newsletter/digests", null);
        var first = (await content.Published(author)).Str("slug");
        var second = (await content.Published(author)).Str("slug");

        var response = await editor.PostAsync("/api/v1/newsletter/digests", null);
        var digest = await response.Expect(HttpStatusCode.Accepted);
        Assert.Equal([first, second], digest["articles"].Strings());
        Assert.Equal($"/api/v1/newsletter/digests/{digest.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal(digest.Str("id"), (await editor.GetAsync(response.Headers.Location!.OriginalString).Expect(HttpStatusCode.OK)).Str("id"));

        var nothing = await editor.PostAsync("/api/v1/newsletter/digests", null).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("nothing to send", nothing.Str("detail"));

        fx.Clock.Advance(TimeSpan.FromMinutes(5));
        var third = (await content.Published(author)).Str("slug");
        var next = await editor.PostAsync("/api/v1/newsletter/digests", null).Expect(HttpStatusCode.Accepted);
        Assert.Equal([third], next["articles"].Strings());
    }

    [Fact]
    public async Task Digests_are_for_editors()
    {
        await fx.Api.Anonymous().PostAsync("/api/v1/newsletter/digests", null).ExpectUnauthorized();
        await (await fx.Api.As("moderator")).PostAsync("/api/v1/newsletter/digests", null).ExpectProblem(HttpStatusCode.Forbidden);
        await (await fx.Api.Editor()).GetAsync($"/api/v1/newsletter/digests/{Guid.NewGuid()}").ExpectProblem(HttpStatusCode.NotFound);
    }
}

public sealed class DigestTestsOnSqlite(NewsletterSqliteFixture fx) : DigestTests(fx), IClassFixture<NewsletterSqliteFixture>;

public sealed class DigestTestsOnPostgres(NewsletterPostgresFixture fx) : DigestTests(fx.OrSkipNewsletter()), IClassFixture<NewsletterPostgresFixture>;
