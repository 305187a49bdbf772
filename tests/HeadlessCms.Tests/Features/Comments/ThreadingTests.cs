using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.Comments;

/// <summary>Replies nest under their parent, oldest first, at most three deep; lists page by top-level comment.</summary>
public abstract class ThreadingTests(CmsApiFixture fx)
{
    private readonly Commenting comments = new(fx);

    [Fact]
    public async Task Replies_nest_under_their_parent_oldest_first_and_count()
    {
        var slug = (await comments.Article()).Str("slug");
        var root = await comments.Approved(slug, "Root");
        var first = await comments.Approved(slug, "First reply", root);
        var second = await comments.Approved(slug, "Second reply", root);
        var nested = await comments.Approved(slug, "Reply to the first reply", first);
        await comments.Submit(slug, Commenting.Body("Pending reply", root));

        var page = await comments.Thread(slug);
        var thread = Assert.Single(page.Items())!;
        Assert.Equal(root, thread.Str("id"));
        var replies = thread["replies"]!.AsArray();
        Assert.Equal([first, second], replies.Select(r => r!.Str("id")));
        Assert.All(replies, r => Assert.Equal(root, r!.Str("parentId")));
        Assert.Equal(nested, Assert.Single(replies[0]!["replies"]!.AsArray())!.Str("id"));
        Assert.Equal(4, page.Int("approvedCount"));
        Assert.Equal(4, await comments.CommentCount(slug));
    }

    [Fact]
    public async Task A_reply_deeper_than_three_levels_attaches_to_the_deepest_allowed_ancestor()
    {
        var slug = (await comments.Article()).Str("slug");
        var level1 = await comments.Approved(slug, "Level 1");
        var level2 = await comments.Approved(slug, "Level 2", level1);
        var level3 = await comments.Approved(slug, "Level 3", level2);

        var accepted = await comments.Submit(slug, Commenting.Body("Would be level 4", level3));
        Assert.Equal(level2, accepted.Str("parentId"));
        await comments.Moderate(accepted.Str("id"), "approve");

        var level2Node = (await comments.Thread(slug)).Items()[0]!["replies"]![0]!;
        var siblings = level2Node["replies"]!.AsArray();
        Assert.Equal([level3, accepted.Str("id")], siblings.Select(r => r!.Str("id")));
        Assert.All(siblings, s => Assert.Empty(s!["replies"]!.AsArray()));
        Assert.Equal(3, (await comments.Get(accepted.Str("id"))).Int("depth"));
    }

    [Fact]
    public async Task A_parent_must_be_an_approved_comment_of_the_same_article()
    {
        var slug = (await comments.Article()).Str("slug");
        var elsewhere = await comments.Approved((await comments.Article()).Str("slug"));
        var pending = (await comments.Submit(slug)).Str("id");
        var reader = comments.Reader();

        foreach (var parent in new[] { elsewhere, pending, Guid.NewGuid().ToString() })
        {
            var problem = await reader.PostJson(Commenting.Path(slug), Commenting.Body(parentId: parent)).ExpectValidation("parentId");
            Assert.NotEmpty(problem["errors"]!["parentId"].Strings()[0]);
        }
    }

    [Fact]
    public async Task Threads_page_by_top_level_comment_with_cursor_and_link_and_never_repeat()
    {
        var slug = (await comments.Article()).Str("slug");
        var roots = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            roots.Add(await comments.Approved(slug, $"Root {i}"));
        }

        await comments.Approved(slug, "Reply on the last root", roots[4]);

        var seen = new List<string>();
        var reader = comments.Reader();
        string? url = Commenting.Path(slug) + "?limit=2";
        var pages = 0;
        while (url is not null)
        {
            var response = await reader.GetAsync(url);
            var page = await response.Expect(HttpStatusCode.OK);
            Assert.Equal(pages == 0 ? 6 : 7, page.Int("approvedCount"));
            seen.AddRange(page.Ids());
            var next = page["nextCursor"]?.GetValue<string>();
            Assert.Equal(next is null, response.NextLink() is null);
            url = response.NextLink();
            pages++;

            if (pages == 1)
            {
                // A comment added while a reader pages appears at the end, never in between.
                roots.Add(await comments.Approved(slug, "Late root"));
            }
        }

        Assert.Equal(3, pages);
        Assert.Equal(roots, seen);
    }

    [Fact]
    public async Task Bad_paging_parameters_are_400()
    {
        var slug = (await comments.Article()).Str("slug");
        var reader = comments.Reader();
        await reader.GetAsync(Commenting.Path(slug) + "?limit=0").ExpectValidation("limit");
        await reader.GetAsync(Commenting.Path(slug) + "?limit=101").ExpectValidation("limit");
        await reader.GetAsync(Commenting.Path(slug) + "?cursor=garbage").ExpectValidation("cursor");
    }

    [Fact]
    public async Task Approved_replies_of_a_rejected_comment_stay_under_a_placeholder_without_its_content()
    {
        var slug = (await comments.Article()).Str("slug");
        var root = await comments.Approved(slug, "Root that will be rejected");
        var reply = await comments.Approved(slug, "A reply worth keeping", root);
        await comments.Moderate(root, "reject");

        var page = await comments.Thread(slug);
        var placeholder = Assert.Single(page.Items())!;
        Assert.Equal(root, placeholder.Str("id"));
        Assert.True(placeholder["removed"]!.GetValue<bool>());
        Assert.Null(placeholder["body"]);
        Assert.Null(placeholder["authorName"]);
        Assert.Equal(reply, Assert.Single(placeholder["replies"]!.AsArray())!.Str("id"));
        Assert.Equal(1, page.Int("approvedCount"));
        Assert.DoesNotContain("Root that will be rejected", page.ToJsonString());

        // A thread with nothing approved in it is not listed at all.
        await comments.Moderate(reply, "spam");
        Assert.Empty((await comments.Thread(slug)).Items());
        Assert.Equal(0, await comments.CommentCount(slug));
    }

    [Fact]
    public async Task Placeholders_also_hold_the_place_of_a_middle_comment()
    {
        var slug = (await comments.Article()).Str("slug");
        var root = await comments.Approved(slug, "Root");
        var middle = await comments.Approved(slug, "Middle", root);
        var leaf = await comments.Approved(slug, "Leaf", middle);
        await comments.Moderate(middle, "reject");

        var thread = Assert.Single((await comments.Thread(slug)).Items())!;
        var placeholder = thread["replies"]![0]!;
        Assert.Equal(middle, placeholder.Str("id"));
        Assert.True(placeholder["removed"]!.GetValue<bool>());
        Assert.Equal(leaf, placeholder["replies"]![0]!.Str("id"));
        Assert.False(thread["removed"]!.GetValue<bool>());
    }
}

public sealed class ThreadingTestsOnSqlite(CommentsSqliteFixture fx) : ThreadingTests(fx), IClassFixture<CommentsSqliteFixture>;

public sealed class ThreadingTestsOnPostgres(CommentsPostgresFixture fx) : ThreadingTests(fx.OrSkip()), IClassFixture<CommentsPostgresFixture>;
