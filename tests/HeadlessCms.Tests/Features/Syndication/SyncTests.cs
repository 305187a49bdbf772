using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Tests.Features.Syndication;

/// <summary>
/// GET /api/v1/sync: a partner's copy of the published articles, kept by an initial sync and then deltas. The copy
/// is a dictionary of article JSON by id that applies items the way a partner would; every test compares it with what
/// is published.
/// </summary>
public abstract class SyncTests(IFeedFixture fixture)
{
    private readonly CmsApiFixture fx = fixture.Api;

    [Fact]
    public async Task An_initial_sync_pages_through_every_published_article_once_and_ends_with_a_sync_token()
    {
        var content = new ContentBuilder(await fx.Editor());
        var author = await content.Author();
        var tag = await content.Tag();
        var published = await content.Published(author.Str("id"), tagIds: [tag.Str("id")]);
        await content.PublishedSeries(author.Str("id"), 4);
        var draft = await content.Draft(author.Str("id"));

        var copy = new PartnerCopy(fx.Anonymous());
        var pages = await copy.InitialAsync(limit: 2);

        Assert.True(pages >= 3, $"{pages} pages for at least 5 articles at 2 a page");
        Assert.Equal(copy.Seen.Count, copy.Seen.Distinct().Count());
        Assert.DoesNotContain(draft.Str("id"), copy.Articles.Keys);
        var mine = copy.Articles[published.Str("id")];
        Assert.Equal(author.Str("name"), mine["author"]!.Str("name"));
        Assert.Equal(tag.Str("slug"), mine["tags"]![0]!.Str("slug"));
        Assert.True(JsonNode.DeepEquals(await fx.Anonymous().GetAsync($"/api/v1/articles/{published.Str("id")}").Expect(HttpStatusCode.OK), mine));
        await AssertCopyIsPublishedSet(copy);
    }

    [Fact]
    public async Task A_delta_brings_each_change_once_in_its_latest_state_with_tombstones_for_unpublished_and_deleted_articles()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var kept = await content.Published(author.Str("id"));
        var unpublished = await content.Published(author.Str("id"));
        var deleted = await content.Published(author.Str("id"));
        var neverPublished = await content.Draft(author.Str("id"));

        var copy = new PartnerCopy(fx.Anonymous());
        await copy.InitialAsync(limit: 100);
        var token = copy.SyncToken;

        // Nothing changed: an empty page that hands back a token.
        var empty = await fx.Anonymous().GetAsync($"/api/v1/sync?syncToken={token}").Expect(HttpStatusCode.OK);
        Assert.Empty(empty.Items());
        Assert.Null(empty["nextPageToken"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(empty.Str("nextSyncToken")));

        await editor.PutJson($"/api/v1/articles/{kept.Str("id")}", EditorClient.Body(kept, "First change")).Expect(HttpStatusCode.OK);
        await editor.PutJson($"/api/v1/articles/{kept.Str("id")}", EditorClient.Body(kept, "Second change")).Expect(HttpStatusCode.OK);
        await content.Unpublish(unpublished.Str("id"));
        (await editor.DeleteAsync($"/api/v1/articles/{deleted.Str("id")}")).EnsureSuccessStatusCode();
        await editor.PutJson($"/api/v1/articles/{neverPublished.Str("id")}", EditorClient.Body(neverPublished, "Draft edit")).Expect(HttpStatusCode.OK);
        var added = await content.Published(author.Str("id"));

        await copy.DeltaAsync(limit: 1);

        // One entry per item, however often it changed; the draft nobody could see is not mentioned.
        Assert.Equal(4, copy.Seen.Count);
        Assert.Equal(copy.Seen.Count, copy.Seen.Distinct().Count());
        Assert.Equal("Second change", copy.Articles[kept.Str("id")].Str("title"));
        Assert.Contains(("deletedArticle", unpublished.Str("id")), copy.Log);
        Assert.Contains(("deletedArticle", deleted.Str("id")), copy.Log);
        Assert.Contains(("article", added.Str("id")), copy.Log);
        Assert.DoesNotContain(neverPublished.Str("id"), copy.Seen);

        // In commit order: the last change (the new article) comes last.
        Assert.Equal(added.Str("id"), copy.Seen[^1]);
        await AssertCopyIsPublishedSet(copy);
    }

    [Fact]
    public async Task Deleting_an_author_or_a_tag_sends_a_tombstone_and_the_tagged_articles_again()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var lonely = await content.Author();
        var tag = await content.Tag();
        var tagged = await content.Published(author.Str("id"), tagIds: [tag.Str("id")]);

        var copy = new PartnerCopy(fx.Anonymous());
        await copy.InitialAsync(limit: 100);

        (await editor.DeleteAsync($"/api/v1/tags/{tag.Str("id")}")).EnsureSuccessStatusCode();
        (await editor.DeleteAsync($"/api/v1/authors/{lonely.Str("id")}")).EnsureSuccessStatusCode();
        await copy.DeltaAsync(limit: 100);

        Assert.Contains(("deletedTag", tag.Str("id")), copy.Log);
        Assert.Contains(("deletedAuthor", lonely.Str("id")), copy.Log);
        Assert.Empty(copy.Articles[tagged.Str("id")]["tags"]!.AsArray());
        await AssertCopyIsPublishedSet(copy);
    }

    [Fact]
    public async Task Rows_changed_behind_the_apis_back_reach_the_copy_after_a_read_model_rebuild()
    {
        var content = new ContentBuilder(await fx.Editor());
        var author = await content.Author();
        var retitled = await content.Published(author.Str("id"));
        var withdrawn = await content.Published(author.Str("id"));
        var copy = new PartnerCopy(fx.Anonymous());
        await copy.InitialAsync(limit: 100);

        var ct = TestContext.Current.CancellationToken;
        await using (var db = fx.NewDbContext())
        {
            var (retitledId, withdrawnId) = (Guid.Parse(retitled.Str("id")), Guid.Parse(withdrawn.Str("id")));
            await db.Articles.Where(a => a.Id == retitledId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "Restored from a backup"), ct);
            await db.Articles.Where(a => a.Id == withdrawnId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, HeadlessCms.Api.Data.ArticleStatus.Draft), ct);
            await HeadlessCms.Api.Data.ReadModel.RebuildAsync(db, ct);
        }

        await copy.DeltaAsync(limit: 100);
        Assert.Equal("Restored from a backup", copy.Articles[retitled.Str("id")].Str("title"));
        Assert.Contains(("deletedArticle", withdrawn.Str("id")), copy.Log);
        await AssertCopyIsPublishedSet(copy);
    }

    [Fact]
    public async Task A_forged_corrupted_or_misused_token_is_a_400_and_an_expired_one_a_410()
    {
        var client = fx.Anonymous();
        var content = new ContentBuilder(await fx.Editor());
        var author = await content.Author();
        await content.PublishedSeries(author.Str("id"), 2);
        var first = await client.GetAsync("/api/v1/sync?initial=true&limit=1").Expect(HttpStatusCode.OK);
        var pageToken = first.Str("nextPageToken");
        var copy = new PartnerCopy(client);
        await copy.InitialAsync(limit: 100);
        var syncToken = copy.SyncToken!;

        // One character changed, one byte of the payload changed, a token of the right shape but not ours, garbage.
        var flipped = syncToken[..10] + (syncToken[10] == 'A' ? 'B' : 'A') + syncToken[11..];
        var bytes = Convert.FromBase64String(syncToken.Replace('-', '+').Replace('_', '/') + new string('=', (4 - syncToken.Length % 4) % 4));
        bytes[5] ^= 1;
        var payloadChanged = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var foreign = Convert.ToBase64String(new byte[bytes.Length]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var bad in new[] { flipped, payloadChanged, foreign, "not a token!", new string('A', 500) })
        {
            await client.GetAsync($"/api/v1/sync?syncToken={Uri.EscapeDataString(bad)}").ExpectValidation("syncToken");
            await client.GetAsync($"/api/v1/sync?pageToken={Uri.EscapeDataString(bad)}").ExpectValidation("pageToken");
        }

        // A page token is not a sync token and the other way round; exactly one way to start.
        await client.GetAsync($"/api/v1/sync?syncToken={pageToken}").ExpectValidation("syncToken");
        await client.GetAsync($"/api/v1/sync?pageToken={syncToken}").ExpectValidation("pageToken");
        await client.GetAsync("/api/v1/sync").ExpectValidation("initial");
        await client.GetAsync("/api/v1/sync?initial=false").ExpectValidation("initial");
        await client.GetAsync($"/api/v1/sync?initial=true&syncToken={syncToken}").ExpectValidation("initial");
        await client.GetAsync("/api/v1/sync?initial=true&limit=0").ExpectValidation("limit");
        await client.GetAsync("/api/v1/sync?initial=maybe").ExpectProblem(HttpStatusCode.BadRequest);

        // Still good within the retention (90 days by default), gone after it. (The first call asks for another page size:
        // anonymous answers are kept by the output cache for Cms:Caching:ServerSeconds, and this is about the computed one.)
        fixture.Clock.Advance(TimeSpan.FromDays(89));
        await client.GetAsync($"/api/v1/sync?syncToken={syncToken}&limit=50").Expect(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var gone = await client.GetAsync($"/api/v1/sync?syncToken={syncToken}").ExpectProblem(HttpStatusCode.Gone);
        Assert.Contains("initial=true", gone.Str("detail"));
        await client.GetAsync($"/api/v1/sync?pageToken={pageToken}").ExpectProblem(HttpStatusCode.Gone);

        // A fresh start works again.
        var again = new PartnerCopy(client);
        await again.InitialAsync(limit: 100);
        await AssertCopyIsPublishedSet(again);
    }

    [Fact]
    public async Task Parallel_writers_and_a_reader_syncing_in_a_loop_end_with_the_readers_copy_equal_to_the_published_set()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var authors = new[] { await content.Author(), await content.Author(), await content.Author(), await content.Author() };
        var tag = await content.Tag();

        var copy = new PartnerCopy(fx.Anonymous());
        await copy.InitialAsync(limit: 7);

        using var writersDone = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var rounds = 0;
            while (!writersDone.IsCancellationRequested)
            {
                await copy.DeltaAsync(limit: 3);
                rounds++;
            }

            return rounds;
        });

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var mine = new List<JsonNode>();
            for (var step = 0; step < 25; step++)
            {
                var author = authors[random.Next(authors.Length)].Str("id");
                switch (mine.Count == 0 ? 0 : random.Next(7))
                {
                    case 0 or 1:
                        mine.Add(await content.Published(author, tagIds: random.Next(2) == 0 ? [tag.Str("id")] : null));
                        break;
                    case 2:
                        var changed = mine[random.Next(mine.Count)];
                        var index = mine.IndexOf(changed);
                        mine[index] = await editor.PutJson($"/api/v1/articles/{changed.Str("id")}", EditorClient.Body(changed, Infrastructure.Api.Unique("Changed")))
                            .Expect(HttpStatusCode.OK);
                        break;
                    case 3:
                        var target = mine[random.Next(mine.Count)];
                        var status = target.Str("status");
                        mine[mine.IndexOf(target)] = status == "published" ? await content.Unpublish(target.Str("id")) : await content.Publish(target.Str("id"));
                        break;
                    case 4:
                        var gone = mine[random.Next(mine.Count)];
                        mine.Remove(gone);
                        (await editor.DeleteAsync($"/api/v1/articles/{gone.Str("id")}")).EnsureSuccessStatusCode();
                        break;
                    case 5:
                        // An author's change reaches every one of their articles (other writers' too), through the read
                        // model. Each writer renames its own, so two renames never race for one author's version.
                        var renamed = authors[w];
                        await editor.PutJson($"/api/v1/authors/{renamed.Str("id")}", new { name = Infrastructure.Api.Unique("Renamed"), bio = "Bio." })
                            .Expect(HttpStatusCode.OK);
                        break;
                    default:
                        mine.Add(await content.Draft(author));
                        break;
                }
            }
        })).ToList();

        await Task.WhenAll(writers);
        await writersDone.CancelAsync();
        var rounds = await reader;

        // Every write has committed: one more delta must bring the copy level, with nothing left behind.
        await copy.DeltaAsync(limit: 5);
        Assert.True(rounds > 1, $"the reader synced {rounds} times while the writers ran");
        await AssertCopyIsPublishedSet(copy);
    }

    private async Task AssertCopyIsPublishedSet(PartnerCopy copy)
    {
        await using var db = fx.NewDbContext();
        var published = await db.ArticleDocuments.AsNoTracking().Select(d => new { d.ArticleId, d.Json }).ToListAsync();
        Assert.Equal(published.Select(p => p.ArticleId.ToString()).Order(), copy.Articles.Keys.Order());
        foreach (var document in published)
        {
            var expected = JsonNode.Parse(document.Json)!;
            var actual = copy.Articles[document.ArticleId.ToString()];
            Assert.True(JsonNode.DeepEquals(expected, actual), $"The copy of {document.ArticleId} is not current: {actual.ToJsonString()} vs {expected.ToJsonString()}");
        }
    }

    /// <summary>What a partner keeps: the articles by id, applied from sync items, and the sync token for next time.</summary>
    private sealed class PartnerCopy(HttpClient client)
    {
        public Dictionary<string, JsonNode> Articles { get; } = [];

        /// <summary>The ids of the items of the last sync, in order.</summary>
        public List<string> Seen { get; } = [];

        public List<(string Type, string Id)> Log { get; } = [];

        public string? SyncToken { get; private set; }

        public Task<int> InitialAsync(int limit)
        {
            Articles.Clear();
            return FollowAsync($"/api/v1/sync?initial=true&limit={limit}", limit);
        }

        public Task<int> DeltaAsync(int limit) => FollowAsync($"/api/v1/sync?syncToken={SyncToken}&limit={limit}", limit);

        private async Task<int> FollowAsync(string url, int limit)
        {
            Seen.Clear();
            Log.Clear();
            var pages = 0;
            while (true)
            {
                var page = await client.GetAsync(url).Expect(HttpStatusCode.OK);
                pages++;
                Assert.True(page.Items().Count <= limit);
                foreach (var item in page.Items())
                {
                    var (type, id) = (item.Str("type"), item.Str("id"));
                    Seen.Add(id);
                    Log.Add((type, id));
                    switch (type)
                    {
                        case "article":
                            Assert.Equal(id, item!["article"].Str("id"));
                            Articles[id] = item["article"]!.DeepClone();
                            break;
                        case "deletedArticle":
                            Articles.Remove(id);
                            break;
                        case "deletedAuthor" or "deletedTag":
                            break;
                        default:
                            Assert.Fail($"Unknown sync item type '{type}'.");
                            break;
                    }
                }

                if (page["nextPageToken"]?.GetValue<string>() is { } next)
                {
                    Assert.Null(page["nextSyncToken"]?.GetValue<string>());
                    url = $"/api/v1/sync?pageToken={next}&limit={limit}";
                    continue;
                }

                SyncToken = page.Str("nextSyncToken");
                return pages;
            }
        }
    }
}

public sealed class SyncTestsOnSqlite(FeedSqliteFixture fx) : SyncTests(fx), IClassFixture<FeedSqliteFixture>;

public sealed class SyncTestsOnPostgres(FeedPostgresFixture fx) : SyncTests(fx.OrSkipFeeds()), IClassFixture<FeedPostgresFixture>;
