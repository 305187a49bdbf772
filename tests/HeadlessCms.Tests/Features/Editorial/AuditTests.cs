using System.Net;
using System.Net.Http.Json;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Editorial;

public abstract class AuditTests(IEditorialFixture fx)
{
    [Fact]
    public async Task Every_write_on_an_article_is_audited_with_key_action_target_and_version()
    {
        var (editor, article, etag) = await EditorClient.NewArticle(fx.Api);
        var id = article.Str("id");
        var url = $"/api/v1/articles/{id}";
        var edited = await EditorClient.Send(editor, HttpMethod.Put, url, etag, EditorClient.Body(article, "Audited"));
        var published = await EditorClient.Send(editor, HttpMethod.Post, $"{url}/publish", edited.Headers.ETag!.ToString());
        var unpublished = await EditorClient.Send(editor, HttpMethod.Post, $"{url}/unpublish", published.Headers.ETag!.ToString());
        await EditorClient.Send(editor, HttpMethod.Delete, url, unpublished.Headers.ETag!.ToString()).Expect(HttpStatusCode.NoContent);

        var audit = await fx.Api.Admin().GetAsync($"/api/v1/audit?target={id}").Expect(HttpStatusCode.OK);
        var entries = audit["items"]!.AsArray();
        Assert.Equal(["delete", "unpublish", "publish", "update", "create"], entries.Select(e => e!.Str("action")));
        Assert.Equal([4, 4, 3, 2, 1], entries.Select(e => e!["version"]!.GetValue<int>()));
        Assert.All(entries, e => Assert.Equal("test editor", e!.Str("keyName")));
        Assert.All(entries, e => Assert.Equal("article", e!.Str("targetType")));
    }

    [Fact]
    public async Task Key_creation_and_deletion_are_audited_without_the_secret()
    {
        var admin = fx.Api.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "audited key", role = "partner" }).Expect(HttpStatusCode.Created);
        var secret = created.Str("key");
        await admin.DeleteAsync($"/api/v1/api-keys/{created.Str("id")}").Expect(HttpStatusCode.NoContent);

        var raw = await admin.GetStringAsync($"/api/v1/audit?target={created.Str("id")}");
        Assert.DoesNotContain(secret, raw);
        Assert.DoesNotContain(CmsApiFixture.AdminKey, raw);
        var actions = (await admin.GetAsync($"/api/v1/audit?target={created.Str("id")}").Expect(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(e => e!.Str("action"));
        Assert.Equal(["delete-key", "create-key"], actions);
    }

    [Fact]
    public async Task The_audit_log_is_for_admins_and_filters_by_action_and_time()
    {
        await fx.Api.Anonymous().GetAsync("/api/v1/audit").ExpectProblem(HttpStatusCode.Unauthorized);
        await (await fx.Api.Editor()).GetAsync("/api/v1/audit").ExpectProblem(HttpStatusCode.Forbidden);

        var since = fx.Clock.GetUtcNow();
        await EditorClient.NewArticle(fx.Api);
        var recent = await fx.Api.Admin().GetAsync($"/api/v1/audit?action=create&since={Uri.EscapeDataString(since.ToString("O"))}").Expect(HttpStatusCode.OK);
        var items = recent["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, e => Assert.Equal("create", e!.Str("action")));
        await fx.Api.Admin().GetAsync("/api/v1/audit?cursor=nope").ExpectProblem(HttpStatusCode.BadRequest);
    }
}

public sealed class AuditTestsOnSqlite(EditorialSqliteFixture fx) : AuditTests(fx), IClassFixture<EditorialSqliteFixture>;

public sealed class AuditTestsOnPostgres(EditorialPostgresFixture fx) : AuditTests(fx.OrSkipEditorial()), IClassFixture<EditorialPostgresFixture>;
