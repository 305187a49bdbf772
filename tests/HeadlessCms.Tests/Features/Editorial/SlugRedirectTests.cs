using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Editorial;

/// <summary>Slugs that never break: old slugs answer 301 to the canonical path, never loop, and stay reserved until released.</summary>
public abstract class SlugRedirectTests(IEditorialFixture fx)
{
    [Fact]
    public async Task An_old_slug_redirects_permanently_to_the_current_one()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var oldSlug = article.Str("slug");
        var published = await EditorClient.Send(editor, HttpMethod.Post, $"/api/v1/articles/{oldSlug}/publish", etag);
        var newSlug = oldSlug + "-renamed";
        await EditorClient.Send(editor, HttpMethod.Put, $"/api/v1/articles/{oldSlug}", published.Headers.ETag!.ToString(),
            new { title = article.Str("title"), slug = newSlug, body = article.Str("body"), authorId = article["author"]!.Str("id") }).Expect(HttpStatusCode.OK);

        var client = fx.Api.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var moved = await client.GetAsync($"/api/v1/articles/{oldSlug}?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/api/v1/articles/{newSlug}?x=1", moved.Headers.Location!.OriginalString);
        await client.GetAsync($"/api/v1/articles/{newSlug}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Going_back_to_an_old_slug_removes_its_redirect_so_nothing_loops()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var a = article.Str("slug");
        var b = a + "-b";
        var body = new { title = article.Str("title"), body = article.Str("body"), authorId = article["author"]!.Str("id") };
        var toB = await EditorClient.Send(editor, HttpMethod.Put, $"/api/v1/articles/{a}", etag, new { body.title, slug = b, body.body, body.authorId });
        var backToA = await EditorClient.Send(editor, HttpMethod.Put, $"/api/v1/articles/{b}", toB.Headers.ETag!.ToString(), new { body.title, slug = a, body.body, body.authorId });
        Assert.Equal(HttpStatusCode.OK, backToA.StatusCode);

        var client = fx.Api.Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = editor.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{a}")).StatusCode);
        var fromB = await client.GetAsync($"/api/v1/articles/{b}");
        Assert.Equal(HttpStatusCode.MovedPermanently, fromB.StatusCode);
        Assert.Equal($"/api/v1/articles/{a}", fromB.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_old_slug_is_reserved_until_released()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var oldSlug = article.Str("slug");
        await EditorClient.Send(editor, HttpMethod.Put, $"/api/v1/articles/{oldSlug}", etag,
            new { title = article.Str("title"), slug = oldSlug + "-new", body = "x", authorId = article["author"]!.Str("id") }).Expect(HttpStatusCode.OK);

        var attempt = new { title = "Another story", slug = oldSlug, body = "y", authorId = article["author"]!.Str("id") };
        var conflict = await editor.PostJson("/api/v1/articles", attempt).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("/api/v1/redirects/article/", conflict.Str("detail"));

        var listed = await editor.GetAsync($"/api/v1/redirects?type=article&target={article.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Contains(listed.AsArray(), r => r!.Str("slug") == oldSlug);

        await editor.DeleteAsync($"/api/v1/redirects/article/{oldSlug}").Expect(HttpStatusCode.NoContent);
        await editor.PostJson("/api/v1/articles", attempt).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Drafts_never_redirect_for_anonymous_callers_and_authors_redirect_too()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var oldSlug = article.Str("slug");
        await EditorClient.Send(editor, HttpMethod.Put, $"/api/v1/articles/{oldSlug}", etag,
            new { title = article.Str("title"), slug = oldSlug + "-draft", body = "x", authorId = article["author"]!.Str("id") }).Expect(HttpStatusCode.OK);
        await fx.Api.Anonymous().GetAsync($"/api/v1/articles/{oldSlug}").ExpectProblem(HttpStatusCode.NotFound);

        var author = await new ContentBuilder(editor).Author();
        var authorSlug = author.Str("slug");
        await editor.PutJson($"/api/v1/authors/{authorSlug}", new { name = author.Str("name"), slug = authorSlug + "-x" }).Expect(HttpStatusCode.OK);
        var client = fx.Api.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var moved = await client.GetAsync($"/api/v1/authors/{authorSlug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/api/v1/authors/{authorSlug}-x", moved.Headers.Location!.OriginalString);
    }
}

public sealed class SlugRedirectTestsOnSqlite(EditorialSqliteFixture fx) : SlugRedirectTests(fx), IClassFixture<EditorialSqliteFixture>;

public sealed class SlugRedirectTestsOnPostgres(EditorialPostgresFixture fx) : SlugRedirectTests(fx.OrSkipEditorial()), IClassFixture<EditorialPostgresFixture>;
