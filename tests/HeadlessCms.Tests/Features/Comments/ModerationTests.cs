using System.Net;
using System.Net.Http.Json;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Comments;

/// <summary>The moderation queue and every action on it: who may, what changes, what is audited, what If-Match does.</summary>
public abstract class ModerationTests(CmsApiFixture fx)
{
    private readonly Commenting comments = new(fx);

    [Theory]
    [InlineData("/api/v1/comments", "GET")]
    [InlineData("/api/v1/comments/stats", "GET")]
    [InlineData("/api/v1/comments/{id}", "GET")]
    [InlineData("/api/v1/comments/{id}/approve", "POST")]
    [InlineData("/api/v1/comments/{id}/reject", "POST")]
    [InlineData("/api/v1/comments/{id}/spam", "POST")]
    [InlineData("/api/v1/comments/{id}", "DELETE")]
    [InlineData("/api/v1/comments/moderate", "POST")]
    public async Task Moderation_needs_a_moderator_editor_or_admin_key(string template, string method)
    {
        var slug = (await comments.Article()).Str("slug");
        async Task<HttpRequestMessage> Request()
        {
            var id = (await comments.Submit(slug)).Str("id");
            var url = template.Replace("{id}", id);
            return new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = url.EndsWith("/moderate") ? JsonContent.Create(new { ids = new[] { id }, action = "reject" }) : null,
            };
        }

        await comments.Reader().SendAsync(await Request()).ExpectUnauthorized();
        await (await fx.As("partner")).SendAsync(await Request()).ExpectProblem(HttpStatusCode.Forbidden);
        foreach (var client in new[] { await fx.As("moderator"), await fx.Editor(), fx.Admin() })
        {
            var response = await client.SendAsync(await Request());
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_queue_lists_a_status_newest_first_with_emails_and_filters_by_article()
    {
        var slug = (await comments.Article()).Str("slug");
        var email = "queue.reader@example.com";
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await comments.Submit(slug, Commenting.Body($"Queued {i}", email: email))).Str("id"));
        }

        await comments.Submit((await comments.Article()).Str("slug"));
        var moderator = await comments.Moderator();

        var queue = await moderator.GetAsync($"/api/v1/comments?article={slug}").Expect(HttpStatusCode.OK);
        Assert.Equal(Enumerable.Reverse(ids), queue.Ids());
        Assert.All(queue.Items(), c =>
        {
            Assert.Equal(email, c!.Str("authorEmail"));
            Assert.Equal("pending", c.Str("status"));
            Assert.Equal(slug, c.Str("articleSlug"));
        });

        var first = await moderator.GetAsync($"/api/v1/comments?article={slug}&limit=2").Expect(HttpStatusCode.OK);
        Assert.Equal(2, first.Items().Count);
        var rest = await moderator.GetAsync($"/api/v1/comments?article={slug}&limit=2&cursor={first.Str("nextCursor")}").Expect(HttpStatusCode.OK);
        Assert.Equal(ids[0], Assert.Single(rest.Items())!.Str("id"));

        await comments.Moderate(ids[1], "approve");
        var approved = await moderator.GetAsync($"/api/v1/comments?status=approved&article={slug}").Expect(HttpStatusCode.OK);
        Assert.Equal([ids[1]], approved.Ids());

        await moderator.GetAsync("/api/v1/comments?status=published").ExpectValidation("status");
        await moderator.GetAsync("/api/v1/comments?article=no-such-article").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_action_changes_status_and_count_and_is_audited_without_email()
    {
        var slug = (await comments.Article()).Str("slug");
        var email = $"{Infrastructure.Api.Unique("audited")}@example.com";
        var id = (await comments.Submit(slug, Commenting.Body(email: email))).Str("id");

        var steps = new (string Action, string Status, int Count)[]
        {
            ("approve", "approved", 1), ("approve", "approved", 1), ("reject", "rejected", 0), ("approve", "approved", 1),
            ("spam", "spam", 0), ("reject", "rejected", 0),
        };
        foreach (var (action, status, count) in steps)
        {
            var moderated = await comments.Moderate(id, action);
            Assert.Equal(status, moderated.Str("status"));
            Assert.Equal(count, await comments.CommentCount(slug));
        }

        var spam = await comments.Get(id);
        Assert.Equal("test moderator", spam.Str("moderatedBy"));
        await (await comments.Moderator()).DeleteAsync($"/api/v1/comments/{id}").Expect(HttpStatusCode.NoContent);
        await (await comments.Moderator()).GetAsync($"/api/v1/comments/{id}").ExpectProblem(HttpStatusCode.NotFound);

        var raw = await fx.Admin().GetStringAsync($"/api/v1/audit?target={id}");
        Assert.DoesNotContain(email, raw, StringComparison.OrdinalIgnoreCase);
        var audit = System.Text.Json.Nodes.JsonNode.Parse(raw)!;
        // The repeated approve changed nothing, so it left no entry.
        Assert.Equal(["delete-comment", "reject-comment", "spam-comment", "approve-comment", "reject-comment", "approve-comment"],
            audit.Items().Select(e => e!.Str("action")));
        Assert.All(audit.Items(), e => Assert.Equal("comment", e!.Str("targetType")));
        Assert.All(audit.Items(), e => Assert.Equal("test moderator", e!.Str("keyName")));
        Assert.Equal([6, 6, 5, 4, 3, 2], audit.Items().Select(e => e!.Int("version")));
    }

    [Fact]
    public async Task Moderation_writes_carry_etags_and_honour_if_match()
    {
        var id = (await comments.Submit((await comments.Article()).Str("slug"))).Str("id");
        var moderator = await comments.Moderator();
        var read = await moderator.GetAsync($"/api/v1/comments/{id}");
        var etag = read.Headers.ETag!.ToString();
        Assert.Matches("^\"1-[0-9a-f]{16}\"$", etag);
        Assert.Equal(1, (await read.Json()).Int("version"));

        var approved = await EditorClient.Send(moderator, HttpMethod.Post, $"/api/v1/comments/{id}/approve", etag);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(2, (await approved.Json()).Int("version"));

        var stale = await EditorClient.Send(moderator, HttpMethod.Post, $"/api/v1/comments/{id}/reject", etag).ExpectProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, stale.Int("currentVersion"));
        await EditorClient.Send(moderator, HttpMethod.Delete, $"/api/v1/comments/{id}", etag).ExpectProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal("approved", (await comments.Get(id)).Str("status"));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/comments/{id}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", approved.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await moderator.SendAsync(conditional)).StatusCode);

        await EditorClient.Send(moderator, HttpMethod.Delete, $"/api/v1/comments/{id}", approved.Headers.ETag!.ToString()).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Deleting_a_comment_deletes_its_replies_and_takes_the_approved_ones_off_the_count()
    {
        var slug = (await comments.Article()).Str("slug");
        var keep = await comments.Approved(slug, "Unrelated");
        var root = await comments.Approved(slug, "Root");
        var reply = await comments.Approved(slug, "Reply", root);
        var nested = await comments.Approved(slug, "Nested", reply);
        var pendingReply = (await comments.Submit(slug, Commenting.Body("Pending", root))).Str("id");
        await comments.Reader().PostAsync($"/api/v1/comments/{nested}/likes", null).Expect(HttpStatusCode.OK);
        Assert.Equal(4, await comments.CommentCount(slug));

        await (await comments.Moderator()).DeleteAsync($"/api/v1/comments/{root}").Expect(HttpStatusCode.NoContent);

        Assert.Equal(1, await comments.CommentCount(slug));
        var page = await comments.Thread(slug);
        Assert.Equal([keep], page.Ids());
        Assert.Equal(1, page.Int("approvedCount"));
        foreach (var gone in new[] { reply, nested, pendingReply })
        {
            await (await comments.Moderator()).GetAsync($"/api/v1/comments/{gone}").ExpectProblem(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task The_bulk_form_applies_one_action_to_many_comments_and_reports_each()
    {
        var slug = (await comments.Article()).Str("slug");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await comments.Submit(slug)).Str("id"));
        }

        var unknown = Guid.NewGuid().ToString();
        var moderator = await comments.Moderator();
        var result = await moderator.PostJson("/api/v1/comments/moderate", new { ids = ids.Append(unknown), action = "approve" }).Expect(HttpStatusCode.OK);
        Assert.Equal("approve", result.Str("action"));
        Assert.Equal(["approved", "approved", "approved", "notFound"], result["results"]!.AsArray().Select(r => r!.Str("outcome")));
        Assert.Equal(3, await comments.CommentCount(slug));

        var deleted = await moderator.PostJson("/api/v1/comments/moderate", new { ids = ids.Take(2), action = "delete" }).Expect(HttpStatusCode.OK);
        Assert.All(deleted["results"]!.AsArray(), r => Assert.Equal("deleted", r!.Str("outcome")));
        Assert.Equal(1, await comments.CommentCount(slug));

        await moderator.PostJson("/api/v1/comments/moderate", new { ids = Array.Empty<string>(), action = "approve" }).ExpectValidation("ids");
        await moderator.PostJson("/api/v1/comments/moderate", new { ids = new[] { ids[2], ids[2] }, action = "approve" }).ExpectValidation("ids");
        await moderator.PostJson("/api/v1/comments/moderate", new { ids = new[] { ids[2] } }).ExpectValidation("action");
        await moderator.PostJson("/api/v1/comments/moderate", new { ids = new[] { ids[2] }, action = "burn" }).ExpectProblem(HttpStatusCode.BadRequest);
        var tooMany = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid());
        await moderator.PostJson("/api/v1/comments/moderate", new { ids = tooMany, action = "reject" }).ExpectValidation("ids");
    }

    [Fact]
    public async Task Parallel_approvals_and_rejections_keep_the_count_exact()
    {
        var slug = (await comments.Article()).Str("slug");
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await comments.Submit(slug)).Str("id"));
        }

        var moderator = await comments.Moderator();
        var editor = await fx.Editor();

        // Every comment is approved by two moderators at once; then half are rejected while the rest are approved again.
        var approvals = ids.SelectMany(id => new[] { moderator, editor }.Select(m => m.PostAsync($"/api/v1/comments/{id}/approve", null)));
        Assert.All(await Task.WhenAll(approvals), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(12, await comments.CommentCount(slug));

        var mixed = ids.Select((id, i) => (i % 2 == 0 ? moderator : editor).PostAsync($"/api/v1/comments/{id}/{(i % 2 == 0 ? "reject" : "approve")}", null))
            .Concat(ids.Where((_, i) => i % 2 == 0).Select(id => editor.PostAsync($"/api/v1/comments/{id}/reject", null)));
        Assert.All(await Task.WhenAll(mixed), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.Equal(6, await comments.CommentCount(slug));
        var page = await comments.Thread(slug, "?limit=100");
        Assert.Equal(6, page.Items().Count);
        Assert.Equal(6, page.Int("approvedCount"));
    }

    [Fact]
    public async Task Staff_replies_are_approved_at_once_flagged_and_counted_in_the_stats()
    {
        var slug = (await comments.Article()).Str("slug");
        var root = await comments.Approved(slug, "A reader asks something.");
        var moderator = await comments.Moderator();

        var reply = await moderator.PostJson(Commenting.Path(slug), new { body = "Thanks, we have corrected it.", parentId = root })
            .Expect(HttpStatusCode.Accepted);
        Assert.Equal("approved", reply.Str("status"));
        Assert.True(reply["staff"]!.GetValue<bool>());
        await comments.Reader().PostAsync($"/api/v1/comments/{reply.Str("id")}/likes", null).Expect(HttpStatusCode.OK);

        var thread = Assert.Single((await comments.Thread(slug)).Items())!;
        var staffReply = Assert.Single(thread["replies"]!.AsArray())!;
        Assert.True(staffReply["staff"]!.GetValue<bool>());
        Assert.Equal("test moderator", staffReply.Str("authorName"));
        Assert.False(thread["staff"]!.GetValue<bool>());
        Assert.Null(thread["staffStats"]);
        var stats = staffReply["staffStats"]!;
        Assert.True(stats.Int("messages") >= 1);
        Assert.True(stats.Int("likes") >= 1);
        Assert.Equal(2, await comments.CommentCount(slug));

        var all = await moderator.GetAsync("/api/v1/comments/stats").Expect(HttpStatusCode.OK);
        var mine = Assert.Single(all.AsArray(), s => s!.Str("keyName") == "test moderator")!;
        Assert.Equal(stats.Int("messages"), mine.Int("approvedMessages"));
        Assert.Equal(stats.Int("likes"), mine.Int("likesReceived"));
        var one = await moderator.GetAsync($"/api/v1/comments/stats?key={mine.Str("keyId")}").Expect(HttpStatusCode.OK);
        Assert.Equal(mine.ToJsonString(), Assert.Single(one.AsArray())!.ToJsonString());

        var audit = await fx.Admin().GetAsync($"/api/v1/audit?target={reply.Str("id")}").Expect(HttpStatusCode.OK);
        Assert.Equal("create-comment", Assert.Single(audit.Items())!.Str("action"));
    }
}

public sealed class ModerationTestsOnSqlite(CommentsSqliteFixture fx) : ModerationTests(fx), IClassFixture<CommentsSqliteFixture>;

public sealed class ModerationTestsOnPostgres(CommentsPostgresFixture fx) : ModerationTests(fx.OrSkip()), IClassFixture<CommentsPostgresFixture>;
