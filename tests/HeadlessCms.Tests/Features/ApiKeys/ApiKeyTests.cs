using System.Net;
using System.Net.Http.Headers;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.ApiKeys;

/// <summary>API keys and what they allow: 401 without or with a wrong key, 403 when the role is not enough.</summary>
public abstract class ApiKeyTests(CmsApiFixture fx)
{
    [Fact]
    public async Task A_write_without_authorization_is_401_with_a_challenge()
    {
        var problem = await fx.Anonymous().PostJson("/api/v1/tags", new { name = "Anonymous" }).ExpectUnauthorized();
        Assert.Equal("Unauthorized", problem.Str("title"));
        Assert.Contains("Bearer", problem.Str("detail"));
    }

    [Theory]
    [InlineData("Bearer hcms_thisKeyDoesNotExistAnywhere0123456789")]
    [InlineData("Bearer not-even-a-prefixed-key")]
    [InlineData("Bearer hcms_")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_wrong_key_is_401_on_a_write(string authorization)
    {
        var client = fx.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        await client.PostJson("/api/v1/tags", new { name = "Wrong key" }).ExpectUnauthorized();
    }

    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/tags")]
    [InlineData("/api/v1/articles/russia-rare-earth-hub-processing-bottleneck")]
    public async Task A_wrong_key_is_401_even_on_a_public_read(string path)
    {
        await fx.Anonymous().GetAsync(path).Expect(HttpStatusCode.OK);

        var problem = await fx.WithKey("hcms_wrongwrongwrongwrongwrong").GetAsync(path).ExpectUnauthorized();
        Assert.Contains("not valid", problem.Str("detail"));
    }

    [Fact]
    public async Task An_editor_cannot_manage_keys()
    {
        var editor = await fx.Editor();

        var problem = await editor.GetAsync("/api/v1/api-keys").ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("Forbidden", problem.Str("title"));
        await editor.PostJson("/api/v1/api-keys", new { name = "escalate", role = "admin" }).ExpectProblem(HttpStatusCode.Forbidden);
        await editor.DeleteAsync($"/api/v1/api-keys/{Guid.CreateVersion7()}").ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_manage_keys()
    {
        await fx.Anonymous().GetAsync("/api/v1/api-keys").ExpectUnauthorized();
        await fx.Anonymous().PostJson("/api/v1/api-keys", new { name = "anon", role = "admin" }).ExpectUnauthorized();
    }

    [Theory]
    [InlineData("partner")]
    [InlineData("moderator")]
    public async Task Keys_without_an_editing_role_cannot_write_content(string role)
    {
        var editor = await fx.Editor();
        var author = await new ContentBuilder(editor).Author();
        var client = await fx.As(role);

        var problem = await client.PostJson("/api/v1/articles", ContentBuilder.ArticleFields(author.Str("id")))
            .ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Contains("role", problem.Str("detail"));

        var listed = await editor.GetAsync($"/api/v1/articles?author={author.Str("id")}&status=any").Expect(HttpStatusCode.OK);
        Assert.Empty(listed.Items());
        await client.GetAsync("/api/v1/articles").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_admin_creates_a_key_whose_secret_is_shown_once_and_works()
    {
        var admin = fx.Admin();
        var name = Unique("integration");

        var response = await admin.PostJson("/api/v1/api-keys", new { name = $"  {name}  ", role = "editor" });
        var created = await response.Expect(HttpStatusCode.Created);

        var id = created.Str("id");
        var secret = created.Str("key");
        Assert.Equal($"/api/v1/api-keys/{id}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("hcms_", secret);
        Assert.True(secret.Length >= 40, $"A key of {secret.Length} characters is too short.");
        Assert.Matches("^hcms_[A-Za-z0-9]+$", secret);
        Assert.Equal(name, created.Str("name"));
        Assert.Equal("editor", created.Str("role"));
        Assert.Equal(secret[..13], created.Str("prefix"));

        var listResponse = await admin.GetAsync("/api/v1/api-keys?limit=100");
        var list = await listResponse.Expect(HttpStatusCode.OK);
        var listText = await listResponse.Content.ReadAsStringAsync();
        var listed = Assert.Single(list.Items(), k => k.Str("id") == id);
        Assert.Equal(name, listed.Str("name"));
        Assert.Equal("editor", listed.Str("role"));
        Assert.False(listed!.AsObject().ContainsKey("key"));
        Assert.DoesNotContain(secret, listText);
        Assert.DoesNotContain(secret[13..], listText);

        var tag = await fx.WithKey(secret).PostJson("/api/v1/tags", new { name = Unique("by new key") }).Expect(HttpStatusCode.Created);
        Assert.False(string.IsNullOrEmpty(tag.Str("id")));
        await fx.WithKey(secret).GetAsync("/api/v1/api-keys").ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_new_key_is_different()
    {
        var admin = fx.Admin();
        var first = await admin.PostJson("/api/v1/api-keys", new { name = "one", role = "partner" }).Expect(HttpStatusCode.Created);
        var second = await admin.PostJson("/api/v1/api-keys", new { name = "two", role = "partner" }).Expect(HttpStatusCode.Created);

        Assert.NotEqual(first.Str("key"), second.Str("key"));
        Assert.NotEqual(first.Str("prefix"), second.Str("prefix"));
    }

    [Fact]
    public async Task A_deleted_key_stops_working_at_once()
    {
        var admin = fx.Admin();
        var created = await admin.PostJson("/api/v1/api-keys", new { name = Unique("revoked"), role = "editor" }).Expect(HttpStatusCode.Created);
        var client = fx.WithKey(created.Str("key"));
        await client.PostJson("/api/v1/tags", new { name = Unique("before revocation") }).Expect(HttpStatusCode.Created);

        var response = await admin.DeleteAsync($"/api/v1/api-keys/{created.Str("id")}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await client.PostJson("/api/v1/tags", new { name = Unique("after revocation") }).ExpectUnauthorized();
        await client.GetAsync("/api/v1/articles").ExpectUnauthorized();
        var list = await admin.GetAsync("/api/v1/api-keys?limit=100").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(list.Items(), k => k.Str("id") == created.Str("id"));
        await admin.DeleteAsync($"/api/v1/api-keys/{created.Str("id")}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_created_admin_key_can_manage_keys()
    {
        var created = await fx.Admin().PostJson("/api/v1/api-keys", new { name = Unique("second admin"), role = "admin" })
            .Expect(HttpStatusCode.Created);

        await fx.WithKey(created.Str("key")).GetAsync("/api/v1/api-keys").Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("superuser", "role")]
    [InlineData("Editor", "role")]
    [InlineData(null, "role")]
    public async Task Key_creation_validates_the_role(string? role, string field)
    {
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = "k", role }).ExpectValidation(field);
    }

    [Fact]
    public async Task Key_creation_validates_the_name()
    {
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = "", role = "editor" }).ExpectValidation("name");
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = new string('k', 101), role = "editor" }).ExpectValidation("name");
    }

    [Fact]
    public async Task Deleting_a_key_needs_a_guid_id()
    {
        await fx.Admin().DeleteAsync("/api/v1/api-keys/not-a-guid").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_bearer_scheme_name_is_case_insensitive()
    {
        var client = fx.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", CmsApiFixture.AdminKey);

        await client.GetAsync("/api/v1/api-keys").Expect(HttpStatusCode.OK);
    }
}

public sealed class ApiKeyTestsOnSqlite(SqliteFixture fx) : ApiKeyTests(fx), IClassFixture<SqliteFixture>;

public sealed class ApiKeyTestsOnPostgres(PostgresFixture fx) : ApiKeyTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
