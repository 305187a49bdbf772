using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Editorial;

public abstract class RevisionTests(IEditorialFixture fx)
{
    [Fact]
    public async Task Each_real_change_is_a_revision_and_a_no_op_is_not()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var url = $"/api/v1/articles/{article.Str("id")}";

        var edited = await EditorClient.Send(editor, HttpMethod.Put, url, etag, EditorClient.Body(article, "Second title"));
        var editedEtag = edited.Headers.ETag!.ToString();
        var noOp = await EditorClient.Send(editor, HttpMethod.Put, url, editedEtag, EditorClient.Body(article, "Second title"));
        Assert.Equal(HttpStatusCode.OK, noOp.StatusCode);
        Assert.Equal(editedEtag, noOp.Headers.ETag!.ToString());

        var revisions = (await editor.GetAsync($"{url}/revisions").Expect(HttpStatusCode.OK)).Items();
        Assert.Equal([2, 1], revisions.Select(r => r!["number"]!.GetValue<int>()));
        Assert.Equal(["title"], revisions[0]!["changedFields"]!.Strings());
        Assert.Equal(["created"], revisions[1]!["changedFields"]!.Strings());
        Assert.Equal("test editor", revisions[0]!.Str("keyName"));

        var highlights = await EditorClient.Send(editor, HttpMethod.Put, $"{url}/highlights", editedEtag, new[] { "Changed point." });
        Assert.Equal(HttpStatusCode.OK, highlights.StatusCode);
        var latest = (await editor.GetAsync($"{url}/revisions").Expect(HttpStatusCode.OK)).Items()[0]!;
        Assert.Equal(3, latest["number"]!.GetValue<int>());
        Assert.Equal(["highlights"], latest["changedFields"]!.Strings());
    }

    [Fact]
    public async Task A_revision_holds_the_full_snapshot_and_restoring_it_is_a_new_revision()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var url = $"/api/v1/articles/{article.Str("id")}";
        var originalTitle = article.Str("title");
        var edited = await EditorClient.Send(editor, HttpMethod.Put, url, etag, EditorClient.Body(article, "Edited title"));

        var first = await editor.GetAsync($"{url}/revisions/1").Expect(HttpStatusCode.OK);
        Assert.Equal(originalTitle, first["content"]!.Str("title"));
        Assert.Equal(article.Str("body"), first["content"]!.Str("body"));

        await editor.PostAsync($"{url}/revisions/1/restore", null).ExpectProblem(HttpStatusCode.PreconditionRequired);
        var restored = await EditorClient.Send(editor, HttpMethod.Post, $"{url}/revisions/1/restore", edited.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(originalTitle, (await restored.Json()).Str("title"));

        var revisions = (await editor.GetAsync($"{url}/revisions").Expect(HttpStatusCode.OK)).Items();
        Assert.Equal(3, revisions.Count);
        Assert.Equal(["title"], revisions[0]!["changedFields"]!.Strings());
        await editor.GetAsync($"{url}/revisions/99").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revisions_are_for_editors_only()
    {
        var (_, article, _) = await EditorClient.NewArticle(fx.Api);
        await fx.Api.Anonymous().GetAsync($"/api/v1/articles/{article.Str("id")}/revisions").ExpectProblem(HttpStatusCode.Unauthorized);
        var partner = await fx.Api.As("partner");
        await partner.GetAsync($"/api/v1/articles/{article.Str("id")}/revisions").ExpectProblem(HttpStatusCode.Forbidden);
    }
}

public sealed class RevisionTestsOnSqlite(EditorialSqliteFixture fx) : RevisionTests(fx), IClassFixture<EditorialSqliteFixture>;

public sealed class RevisionTestsOnPostgres(EditorialPostgresFixture fx) : RevisionTests(fx.OrSkipEditorial()), IClassFixture<EditorialPostgresFixture>;
