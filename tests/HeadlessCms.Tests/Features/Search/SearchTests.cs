using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Tests.Features.Search;

/// <summary>
/// GET /search on a shared corpus: the same queries must find the same articles on both engines. Every search is
/// narrowed to an author the test created, since the database also holds sample content and other tests' articles.
/// </summary>
public abstract class SearchTests(CmsApiFixture fx)
{
    /// <summary>Six articles; the comments say where each word of the queries below appears.</summary>
    private async Task<Corpus> CorpusAsync()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var tag = await content.Tag();
        var corpus = new Corpus(author.Str("id"), tag.Str("slug"), []);
        async Task Add(string key, string title, string highlight, string excerpt, string body, params string[] tagIds)
        {
            var draft = await editor.PostJson("/api/v1/articles", new
            {
                title,
                excerpt,
                body,
                highlights = new[] { highlight },
                authorId = corpus.AuthorId,
                tagIds,
            }).Expect(HttpStatusCode.Created);
            await content.Publish(draft.Str("id"));
            corpus.Ids[key] = draft.Str("id");
        }

        await Add("wind", "Neodymium magnets power wind turbines", "Output rose by a third.", "Permanent magnet generators need fewer gears.",
            "Engineers described the separation of rare earth oxides at a new plant. Costs fell: 5 < 6 & \"cheap\" is relative.");
        await Add("cobalt", "Cobalt prices climb again", "Battery makers buy lithium and cobalt.", "Supply from mines stays tight.",
            "Refiners expect graphite demand to grow with lithium.", tag.Str("id"));
        await Add("unicode", "Ünïcode handling in newsrooms", "Names keep their accents.", "Café owners and editors agree.",
            "Earth-friendly printing uses rare inks; the earth is round.");
        await Add("mining", "Quarterly mining review", "Exports steady.", "A look at the quarter.",
            "Small neodymium deposits were found near the coast; turbines were not discussed.");
        await Add("exports", "Exports to Asia", "Neodymium exports doubled.", "Shipping data for the year.", "Ports were busy all year.");
        await Add("port", "Port congestion eases", "Queues shortened.", "Neodymium cargo moved faster.", "Ships waited less than before.");
        return corpus;
    }

    private sealed record Corpus(string AuthorId, string TagSlug, Dictionary<string, string> Ids)
    {
        public string[] Keys(JsonNode page) => page.Ids().Select(id => Ids.Single(kv => kv.Value == id).Key).ToArray();
    }

    private async Task<JsonNode> Search(Corpus corpus, string q, string extra = "") =>
        await fx.Anonymous().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&author={corpus.AuthorId}{extra}").Expect(HttpStatusCode.OK);

    [Fact]
    public async Task Both_engines_find_the_same_articles_for_the_same_queries()
    {
        var corpus = await CorpusAsync();
        var cases = new (string Query, string[] Expected)[]
        {
            ("neodymium", ["wind", "mining", "exports", "port"]),
            ("NEODYMIUM", ["wind", "mining", "exports", "port"]),   // case-insensitive
            ("magnet", ["wind"]),                                  // stemming: magnets, magnet
            ("magnets", ["wind"]),
            ("unicode", ["unicode"]),                              // accent-insensitive: Ünïcode
            ("Ünïcode", ["unicode"]),
            ("cafe", ["unicode"]),
            ("rare earth", ["wind", "unicode"]),                   // all words, anywhere
            ("\"rare earth\"", ["wind"]),                          // the exact phrase
            ("rare -inks", ["wind"]),                              // exclusion
            ("turbines OR lithium", ["wind", "cobalt", "mining"]), // either
            ("separat", ["wind"]),                                 // prefix of the last word: separation
            ("neodymium turbin", ["wind", "mining"]),
            ("\"neodymium magnets", ["wind"]),                     // an unbalanced quote is plain text
            ("the earth", ["wind", "unicode"]),                    // stop words are ignored
            ("exports", ["mining", "exports"]),
            ("graphite -cobalt", []),
        };

        foreach (var (query, expected) in cases)
        {
            var page = await Search(corpus, query);
            Assert.True(expected.Order().SequenceEqual(corpus.Keys(page).Order()),
                $"q={query}: expected [{string.Join(", ", expected)}] but found [{string.Join(", ", corpus.Keys(page))}] on {fx.Provider}");
        }
    }

    [Fact]
    public async Task Title_matches_rank_above_highlights_above_excerpt_above_body()
    {
        var corpus = await CorpusAsync();

        var page = await Search(corpus, "neodymium");

        Assert.Equal(["wind", "exports", "port", "mining"], corpus.Keys(page));
        var scores = page.Items().Select(h => h!["score"]!.GetValue<double>()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        if (fx.Provider == "Sqlite")
        {
            Assert.True(scores[^1] > 0);   // bm25 scores the body too
        }
        else
        {
            Assert.True(scores[^2] > 0);
            Assert.Equal(0, scores[^1]);   // PostgreSQL ranks title, highlights and excerpt; a body-only match scores 0
        }
    }

    [Fact]
    public async Task Equal_scores_are_ordered_newest_first()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var draft = await editor.PostJson("/api/v1/articles", new
            {
                title = "Identical graphite report",
                slug = Infrastructure.Api.Unique("identical"),
                excerpt = "Same words.",
                body = "Same body text.",
                highlights = new[] { "Same point." },
                authorId = author,
                tagIds = Array.Empty<string>(),
            }).Expect(HttpStatusCode.Created);
            ids.Add((await content.Publish(draft.Str("id"))).Str("id"));
        }

        var page = await fx.Anonymous().GetAsync($"/api/v1/search?q=graphite&author={author}").Expect(HttpStatusCode.OK);

        Assert.Equal(ids.AsEnumerable().Reverse(), page.Ids());
        Assert.Single(page.Items().Select(h => h!["score"]!.GetValue<double>()).Distinct());
    }

    [Fact]
    public async Task A_hit_is_the_list_item_with_a_score_and_an_escaped_snippet_with_marks()
    {
        var corpus = await CorpusAsync();

        var page = await Search(corpus, "costs");

        var hit = Assert.Single(page.Items())!;
        Assert.Equal(corpus.Ids["wind"], hit.Str("id"));
        Assert.Equal("Neodymium magnets power wind turbines", hit.Str("title"));
        Assert.Equal("published", hit.Str("status"));
        Assert.NotNull(hit["author"]?["name"]);
        Assert.Equal(1, hit.Int("highlightCount"));
        var snippet = hit.Str("snippet");
        Assert.Contains("<mark>Costs</mark> fell: 5 &lt; 6 &amp; &quot;cheap&quot; is relative.", snippet);
        Assert.StartsWith("Engineers described", snippet); // the whole body fits in the window
        Assert.DoesNotContain("<", snippet.Replace("<mark>", "").Replace("</mark>", ""));
    }

    [Fact]
    public async Task The_snippet_marks_stemmed_prefixed_and_accented_forms()
    {
        var corpus = await CorpusAsync();

        Assert.Contains("<mark>separation</mark>", (await Search(corpus, "separat")).Items()[0]!.Str("snippet"));
        Assert.Contains("<mark>Café</mark>", (await Search(corpus, "cafe")).Items()[0]!.Str("snippet"));
        Assert.Contains("<mark>magnet</mark>", (await Search(corpus, "magnets")).Items()[0]!.Str("snippet"));
    }

    [Fact]
    public async Task A_long_bodys_snippet_is_the_window_with_the_most_matches_on_one_line()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = await content.Author();
        var before = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"Filler{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"After{i}"));
        var draft = await editor.PostJson("/api/v1/articles", new
        {
            title = "Mineral sands",
            excerpt = "A look at the sands.",
            body = $"{before}\nzircon zircon's zircons {after}",
            authorId = author.Str("id"),
        }).Expect(HttpStatusCode.Created);
        await content.Publish(draft.Str("id"));

        var page = await fx.Anonymous().GetAsync($"/api/v1/search?q=zircon&author={author.Str("id")}").Expect(HttpStatusCode.OK);

        // 30 words ending with the three matches; the line break is a space, the apostrophe an entity.
        Assert.Equal(
            "…" + string.Join(' ', Enumerable.Range(34, 26).Select(i => $"Filler{i}"))
                + " <mark>zircon</mark> <mark>zircon</mark>&#39;s <mark>zircons</mark>…",
            Assert.Single(page.Items())!.Str("snippet"));
    }

    [Fact]
    public async Task Filters_combine_with_the_query()
    {
        var corpus = await CorpusAsync();

        Assert.Equal(["cobalt"], corpus.Keys(await Search(corpus, "lithium", $"&tag={corpus.TagSlug}")));
        Assert.Empty((await Search(corpus, "neodymium", $"&tag={corpus.TagSlug}")).Items());
        Assert.Empty((await Search(corpus, "neodymium", "&publishedAfter=2999-01-01T00:00:00Z")).Items());
        Assert.Equal(4, (await Search(corpus, "neodymium", "&publishedBefore=2999-01-01T00:00:00Z")).Items().Count);
        await fx.Anonymous().GetAsync("/api/v1/search?q=neodymium&tag=no-such-tag-here").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Paging_serves_every_hit_once_in_rank_order()
    {
        var corpus = await CorpusAsync();
        var anonymous = fx.Anonymous();

        var first = await anonymous.GetAsync($"/api/v1/search?q=neodymium&author={corpus.AuthorId}&limit=3");
        var page1 = await first.Expect(HttpStatusCode.OK);
        var cursor = page1["nextCursor"]!.GetValue<string>();
        Assert.NotNull(first.NextLink());
        var page2 = await anonymous.GetAsync($"/api/v1/search?q=neodymium&author={corpus.AuthorId}&limit=3&cursor={cursor}").Expect(HttpStatusCode.OK);

        Assert.Equal(["wind", "exports", "port"], corpus.Keys(page1));
        Assert.Equal(["mining"], corpus.Keys(page2));
        Assert.Null(page2["nextCursor"]);
    }

    [Fact]
    public async Task The_index_follows_every_write_at_once()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var first = Nonce();
        var second = Nonce();
        var anonymous = fx.Anonymous();
        async Task<string[]> Find(HttpClient client, string word, string status = "published") =>
            (await client.GetAsync($"/api/v1/search?q={word}&author={author}&status={status}").Expect(HttpStatusCode.OK)).Ids();

        var draft = await content.Draft(author, $"Report on {first} deposits");
        var id = draft.Str("id");
        Assert.Empty(await Find(anonymous, first));
        Assert.Equal([id], await Find(editor, first, "any"));

        await content.Publish(id);
        Assert.Equal([id], await Find(anonymous, first));

        // Typing the start of a word no article had before finds it too: it completes at once.
        Assert.Equal([id], await Find(anonymous, first[..^3]));

        await editor.PutJson($"/api/v1/articles/{id}", new
        {
            title = $"Report on {second} deposits",
            body = "Rewritten.",
            highlights = new[] { "One." },
            authorId = author,
            tagIds = Array.Empty<string>(),
        }).Expect(HttpStatusCode.OK);
        Assert.Empty(await Find(anonymous, first));
        Assert.Equal([id], await Find(anonymous, second));
        Assert.Equal([id], await Find(anonymous, second[..^3]));

        await content.Unpublish(id);
        Assert.Empty(await Find(anonymous, second));
        Assert.Equal([id], await Find(editor, second, "any"));

        (await editor.DeleteAsync($"/api/v1/articles/{id}")).EnsureSuccessStatusCode();
        Assert.Empty(await Find(editor, second, "any"));
    }

    [Fact]
    public async Task A_prefix_of_more_words_than_it_completes_to_takes_the_most_widely_used()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var stem = Nonce();

        // 31 words once each (more than a prefix completes to), and the alphabetically last word in two articles.
        var many = string.Join(' ', Enumerable.Range(0, 31).Select(i => stem + (char)('a' + i / 26) + (char)('a' + i % 26)));
        var common = stem + "zz";
        var manyId = (await content.Draft(author, "Many words", body: many)).Str("id");
        var commonIds = new[] { (await content.Draft(author, "Common word", body: common)).Str("id"), (await content.Draft(author, "Common word again", body: common)).Str("id") };
        foreach (var id in commonIds.Append(manyId))
        {
            await content.Publish(id);
        }

        var found = (await fx.Anonymous().GetAsync($"/api/v1/search?q={stem}&author={author}").Expect(HttpStatusCode.OK)).Ids();

        Assert.Equal([.. commonIds.Append(manyId).Order()], found.Order());
    }

    [Fact]
    public async Task A_tag_rename_shows_in_the_hits_at_once()
    {
        var corpus = await CorpusAsync();
        var editor = await fx.Editor();
        Assert.Equal(["cobalt"], corpus.Keys(await Search(corpus, "lithium")));
        var tag = await fx.Anonymous().GetAsync($"/api/v1/tags/{corpus.TagSlug}").Expect(HttpStatusCode.OK);

        var renamed = Infrastructure.Api.Unique("Renamed");
        await editor.PutJson($"/api/v1/tags/{tag.Str("id")}", new { name = renamed, description = "Renamed." }).Expect(HttpStatusCode.OK);

        var hit = (await Search(corpus, "lithium")).Items()[0]!;
        Assert.Equal(renamed, hit["tags"]![0]!.Str("name"));
    }

    [Fact]
    public async Task Rebuilding_the_read_model_rebuilds_the_search_index()
    {
        var corpus = await CorpusAsync();
        await using (var db = fx.NewDbContext())
        {
            // As after a restore that brought back articles without their index.
            await db.ArticleSearch.ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        }

        // With a key, so no cached page answers: the search reads the index as it is now.
        var editor = await fx.Editor();
        async Task<string[]> Find(string q) => corpus.Keys(await editor.GetAsync(
            $"/api/v1/search?q={Uri.EscapeDataString(q)}&author={corpus.AuthorId}").Expect(HttpStatusCode.OK));

        Assert.Empty(await Find("neodymium"));
        long generation;
        await using (var db = fx.NewDbContext())
        {
            generation = await db.ContentStates.Select(s => s.Generation).SingleAsync(TestContext.Current.CancellationToken);
            await HeadlessCms.Api.Data.ReadModel.RebuildAsync(db, TestContext.Current.CancellationToken);
        }

        Assert.Equal(["wind", "exports", "port", "mining"], await Find("neodymium"));
        Assert.Equal(["wind"], await Find("separat"));
        await using (var db = fx.NewDbContext())
        {
            // Every running instance drops the pages it cached before the rebuild.
            Assert.True(await db.ContentStates.Select(s => s.Generation).SingleAsync(TestContext.Current.CancellationToken) > generation);
        }
    }

    [Fact]
    public async Task A_search_ranks_the_most_recent_matches_up_to_the_cap_and_filters_narrow_before_it()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var ids = new List<string>();
        var publishedAt = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            // The oldest has the word in its title: the best match, ranked first when every match is ranked.
            var draft = await editor.PostJson("/api/v1/articles", new
            {
                title = i == 0 ? "Xenotime leads the quarter" : $"Quarterly report number {i}",
                body = $"Xenotime was mentioned in passing in report {i}.",
                highlights = new[] { "A point." },
                authorId = author,
                tagIds = Array.Empty<string>(),
            }).Expect(HttpStatusCode.Created);
            var published = await content.Publish(draft.Str("id"));
            ids.Add(published.Str("id"));
            publishedAt.Add(published.Str("publishedAt"));
        }

        var everything = (await fx.Anonymous().GetAsync($"/api/v1/search?q=xenotime&author={author}&limit=50").Expect(HttpStatusCode.OK)).Ids().ToList();
        Assert.Equal(ids.Order(), everything.Order());
        Assert.Equal(ids[0], everything[0]);

        // An instance that ranks at most 10 matches ranks the 10 newest: the oldest two are not among the hits...
        var capped = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Search:RankedMatches"] = "10" }).CreateClient();
        var newest = (await capped.GetAsync($"/api/v1/search?q=xenotime&author={author}&limit=50").Expect(HttpStatusCode.OK)).Ids().ToList();
        Assert.Equal(ids.Skip(2).Order(), newest.Order());

        // ...until a filter narrows the matches first: then the title match is found and ranked first again.
        var before = Uri.EscapeDataString(publishedAt[2]);
        var older = (await capped.GetAsync($"/api/v1/search?q=xenotime&author={author}&publishedBefore={before}").Expect(HttpStatusCode.OK)).Ids().ToList();
        Assert.Equal([ids[0], ids[1]], older);
    }

    [Fact]
    public async Task Editors_may_search_drafts_with_status_any_and_readers_may_not()
    {
        await fx.Anonymous().GetAsync("/api/v1/search?q=neodymium&status=any").ExpectProblem(HttpStatusCode.Unauthorized);
        await fx.Anonymous().GetAsync("/api/v1/search?q=neodymium&status=draft").ExpectValidation("status");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-")]
    [InlineData("OR")]
    [InlineData("\"\"")]
    [InlineData("!!! ??? ...")]
    [InlineData("- OR \" *")]
    [InlineData("-neodymium")]
    [InlineData("of a")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("bell\u0007")]
    public async Task Queries_with_nothing_to_search_for_are_a_400_naming_q(string q)
    {
        await fx.Anonymous().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}").ExpectValidation("q");
    }

    [Fact]
    public async Task A_missing_q_a_q_over_200_characters_and_a_nul_are_400s()
    {
        await fx.Anonymous().GetAsync("/api/v1/search").ExpectValidation("q");
        await fx.Anonymous().GetAsync($"/api/v1/search?q={new string('a', 201)}").ExpectValidation("q");
        await fx.Anonymous().GetAsync($"/api/v1/search?q={new string('a', 200)}").Expect(HttpStatusCode.OK);
        await fx.Anonymous().GetAsync("/api/v1/search?q=a%00b").ExpectValidation("q");
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"neodymium")]
    [InlineData("neodymium\"")]
    [InlineData("a\"b\"c\"d")]
    [InlineData("' OR 1=1 --")]
    [InlineData("NEAR(a b) AND c*")]
    [InlineData("a:* & !b | (c <-> d)")]
    [InlineData("x -\"y z\" OR OR w")]
    public async Task Quotes_and_other_engines_syntax_are_plain_text_never_a_500(string q)
    {
        var response = await fx.Anonymous().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{q}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=dDE6MTIzNDU6MDE5M2EzYjAwMDAwNzAwMDgwMDAwMDAwMDAwMDAwMDA", "cursor")] // a list cursor
    public async Task Bad_paging_is_a_400(string query, string field)
    {
        await fx.Anonymous().GetAsync($"/api/v1/search?q=neodymium&{query}").ExpectValidation(field);
    }

    [Fact]
    public async Task Suggest_completes_published_titles_and_tag_names_from_a_prefix()
    {
        var editor = await fx.Editor();
        var content = new ContentBuilder(editor);
        var author = (await content.Author()).Str("id");
        var word = Nonce();
        var tag = await content.Tag($"{Cap(word)} metals");
        var published = await content.Published(author, $"{Cap(word)} output doubles");
        await content.Draft(author, $"{Cap(word)} draft stays hidden");

        var suggestions = await fx.Anonymous().GetAsync($"/api/v1/search/suggest?q={word[..^2]}").Expect(HttpStatusCode.OK);

        var completions = suggestions["completions"]!.AsArray();
        Assert.Equal(2, completions.Count);
        Assert.Equal(("article", $"{Cap(word)} output doubles", published.Str("slug")), (completions[0].Str("kind"), completions[0].Str("text"), completions[0].Str("slug")));
        Assert.Equal(("tag", $"{Cap(word)} metals", tag.Str("slug")), (completions[1].Str("kind"), completions[1].Str("text"), completions[1].Str("slug")));
        Assert.Null(suggestions["didYouMean"]);
    }

    [Fact]
    public async Task Suggest_says_did_you_mean_when_a_misspelt_query_finds_nothing()
    {
        await CorpusAsync();

        var misspelt = await fx.Anonymous().GetAsync("/api/v1/search/suggest?q=neodimium%20magnets").Expect(HttpStatusCode.OK);
        var right = await fx.Anonymous().GetAsync("/api/v1/search/suggest?q=neodymium%20magnets").Expect(HttpStatusCode.OK);

        Assert.Equal("neodymium magnets", misspelt.Str("didYouMean"));
        Assert.Empty(misspelt["completions"]!.AsArray());
        Assert.Null(right["didYouMean"]);
        Assert.Contains(right["completions"]!.AsArray(), c => c.Str("text") == "Neodymium magnets power wind turbines");
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("line\nbreak")]
    public async Task Suggest_rejects_what_search_rejects(string q)
    {
        await fx.Anonymous().GetAsync($"/api/v1/search/suggest?q={Uri.EscapeDataString(q)}").ExpectValidation("q");
    }

    private static string Cap(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Nonce() => "zq" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).Select(c => (char)('g' + (c - 'a'))));
}

public sealed class SearchTestsOnSqlite(SqliteFixture fx) : SearchTests(fx), IClassFixture<SqliteFixture>;

public sealed class SearchTestsOnPostgres(PostgresFixture fx) : SearchTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
