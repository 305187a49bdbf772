using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HeadlessCms.Tests.NewsSite;

/// <summary>
/// The reference news site (src/news-site) in Debian's Chromium, reading the API from another origin: every scenario
/// checks what the reader sees against what the API holds.
/// </summary>
public sealed class NewsSiteTests(NewsSiteFixture fx) : IClassFixture<NewsSiteFixture>
{
    // The invariant culture formats "MMM d, yyyy" as en-US does; the test project runs with InvariantGlobalization (no named cultures).
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Swagger_ui_works_under_its_content_security_policy_and_kestrel_sends_no_server_header()
    {
        if (fx.Unavailable is not null)
        {
            Assert.Skip(fx.Unavailable);
        }

        // Kestrel itself (not the in-memory test server): no Server header on an API answer or on Kestrel's own 400s.
        using var http = new HttpClient { BaseAddress = new Uri(fx.ApiUrl) };
        var json = await http.GetAsync("/api/v1/tags");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.False(json.Headers.Contains("Server"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", json.Headers.GetValues("Content-Security-Policy").Single());

        var page = await fx.Context.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Type == "error")
            {
                blocked.Add(message.Text);
            }
        };
        page.PageError += (_, error) => blocked.Add(error);

        var response = await page.GotoAsync(fx.ApiUrl + "/swagger/index.html");
        Assert.NotNull(response);
        Assert.Contains("script-src 'self'", response.Headers["content-security-policy"]);
        Assert.False(response.Headers.ContainsKey("server"));

        // The UI fetched the document and drew the operations: its scripts, styles and fetch all ran under the policy.
        await Expect(page.Locator(".opblock").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.True(await page.Locator(".opblock").CountAsync() > 40);
        await NewsSiteFixture.ClosePageAsync(page);
        Assert.Empty(blocked);
    }

    private async Task<IPage> OpenAsync(string path, IBrowserContext? context = null)
    {
        if (fx.Unavailable is not null)
        {
            Assert.Skip(fx.Unavailable);
        }

        var page = await (context ?? fx.Context).NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    [Fact]
    public async Task Home_lists_the_newest_articles_and_load_more_follows_the_cursor()
    {
        var api = fx.Anonymous();
        var first = await api.GetAsync($"/api/v1/articles?limit={NewsSiteFixture.PageSize}").Expect(HttpStatusCode.OK);
        var second = await api.GetAsync($"/api/v1/articles?limit={NewsSiteFixture.PageSize}&cursor={Uri.EscapeDataString(first.Str("nextCursor"))}")
            .Expect(HttpStatusCode.OK);
        var firstTitles = first.Items().Select(a => a.Str("title")).ToArray();
        var secondTitles = second.Items().Select(a => a.Str("title")).ToArray();

        var page = await OpenAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Latest news");
        var titles = page.Locator(".card-title");
        await Expect(titles).ToHaveTextAsync(firstTitles);

        var top = first.Items()[0]!;
        var card = page.Locator(".card").First;
        await Expect(card.Locator(".byline")).ToContainTextAsync(top["author"]!.Str("name"));
        await Expect(card.Locator(".byline time")).ToHaveTextAsync(Day(top.Str("publishedAt")));
        await Expect(card.Locator(".tag")).ToHaveTextAsync(top["tags"]!.AsArray().Select(t => t.Str("name")).ToArray());

        await page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();
        await Expect(titles).ToHaveTextAsync([.. firstTitles, .. secondTitles]);
        // Focus moves to the first new headline, so a keyboard user carries on where the new articles start.
        await Expect(page.Locator(".card").Nth(firstTitles.Length).Locator("a").First).ToBeFocusedAsync();
        if (second["nextCursor"] is null)
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load more" })).ToHaveCountAsync(0);
        }

        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Article_page_shows_every_part_with_the_APIs_data()
    {
        var story = await StoryAsync();
        var page = await OpenAsync($"/articles/{story.Slug}");

        var article = page.Locator("article.article");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(story.Title);
        await Expect(page).ToHaveTitleAsync($"{story.Title} · Supply Lines");
        await Expect(article.Locator(".article-header .byline")).ToContainTextAsync($"By {story.AuthorName}");
        await Expect(article.Locator(".article-header .byline time")).ToHaveTextAsync(Day(story.Article.Str("publishedAt")));
        await Expect(article.Locator(".highlights li")).ToHaveTextAsync(story.Article["highlights"].Strings());
        await Expect(article.Locator(".article-body h2")).ToHaveTextAsync(["What the numbers say", "What comes next"]);
        await Expect(article.Locator(".article-body strong")).ToHaveTextAsync("refined cobalt");
        await Expect(article.Locator(".source")).ToHaveTextAsync("Source: Lisbon Metals Review, Jan 20, 2026.");
        await Expect(article.Locator(".source a")).ToHaveAttributeAsync("href", "https://example.org/lmr");
        await Expect(article.Locator(".article-footer .tag")).ToHaveTextAsync(story.TagName);

        var authorBox = page.Locator(".author-box");
        await Expect(authorBox.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"By {story.AuthorName}");
        await Expect(authorBox.Locator(".bio strong")).ToHaveTextAsync("battery metals");

        var newest = await fx.Anonymous().GetAsync("/api/v1/articles?limit=6").Expect(HttpStatusCode.OK);
        var recent = newest.Items().Where(a => a.Str("id") != story.Article.Str("id")).Take(5).Select(a => a.Str("title")).ToArray();
        await Expect(page.GetByRole(AriaRole.Complementary).GetByRole(AriaRole.Heading, new() { Name = "Recent News" })).ToBeVisibleAsync();
        await Expect(page.Locator(".recent-list a")).ToHaveTextAsync(recent);

        var thread = await fx.Anonymous().GetAsync($"/api/v1/articles/{story.Slug}/comments").Expect(HttpStatusCode.OK);
        await Expect(page.Locator("#comments-title")).ToHaveTextAsync($"{thread.Int("approvedCount")} Comments");
        var readerComment = page.Locator($"#comment-{story.ReaderCommentId}");
        await Expect(readerComment.Locator(".comment-body").First).ToHaveTextAsync(story.ReaderText);
        var staffReply = readerComment.Locator($".replies #comment-{story.StaffReplyId}");
        await Expect(staffReply.Locator(".badge")).ToHaveTextAsync("Staff");
        var stats = thread.Items().Single(c => c.Str("id") == story.ReaderCommentId)!["replies"]![0]!["staffStats"]!;
        await Expect(staffReply.Locator(".comment-sub")).ToContainTextAsync(
            $"{stats.Int("messages").ToString("N0", English)} message{(stats.Int("messages") == 1 ? "" : "s")}, {stats.Int("likes")} like{(stats.Int("likes") == 1 ? "" : "s")}");
        await Expect(staffReply.Locator(".comment-body")).ToHaveTextAsync(story.StaffText);
        await Expect(page.Locator("#comments .like")).ToHaveCountAsync(2);

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Submit a comment" });
        await Expect(form.GetByLabel("Name")).ToBeVisibleAsync();
        await Expect(form.GetByLabel("Email")).ToHaveAttributeAsync("type", "email");
        await Expect(form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true })).ToBeVisibleAsync();
        await Expect(form).ToContainTextAsync("Your email address will not be published.");

        // The honeypot exists for bots, but no person sees it, reaches it with Tab or hears it from a screen reader.
        var honeypot = form.Locator("input[name=website]");
        await Expect(honeypot).ToHaveAttributeAsync("tabindex", "-1");
        await Expect(form.Locator(".hp-field")).ToHaveAttributeAsync("aria-hidden", "true");
        Assert.True((await honeypot.BoundingBoxAsync())!.X < -1000, "The honeypot is on screen.");
        await Expect(form.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(3);

        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task A_comment_is_held_for_moderation_and_shows_after_a_moderator_approves_it()
    {
        var article = await new Commenting(fx).Article();
        var page = await OpenAsync($"/articles/{article.Str("slug")}");
        var text = $"Does the separation plant run on local ore? {Guid.NewGuid():N}";

        // The whole form by keyboard: type into each field, Tab between them, Enter on the button.
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Submit a comment" });
        await form.GetByLabel("Name").FocusAsync();
        await page.Keyboard.TypeAsync("Dana Reader");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("dana@example.com");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(text);
        await form.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(form.Locator("[data-comment-status=pending]")).ToContainTextAsync("held for moderation");
        await Expect(page.Locator("#comments .thread")).ToHaveCountAsync(0);

        var queue = await fx.Admin().GetAsync($"/api/v1/comments?status=pending&article={article.Str("slug")}").Expect(HttpStatusCode.OK);
        var comment = Assert.Single(queue.Items(), c => c.Str("body") == text);
        Assert.Equal("Dana Reader", comment.Str("authorName"));
        await fx.Admin().PostAsync($"/api/v1/comments/{comment.Str("id")}/approve", null).Expect(HttpStatusCode.OK);

        await page.ReloadAsync();
        await Expect(page.Locator($"#comment-{comment.Str("id")} .comment-body")).ToHaveTextAsync(text);
        await Expect(page.Locator("#comments-title")).ToHaveTextAsync("1 Comment");
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Liking_a_comment_updates_the_count_once()
    {
        var commenting = new Commenting(fx);
        var article = await commenting.Article();
        var commentId = await commenting.Approved(article.Str("slug"), "Good overview of the refining gap.");
        var page = await OpenAsync($"/articles/{article.Str("slug")}");

        var like = page.Locator($"#comment-{commentId} .like");
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(like.Locator(".like-count")).ToHaveTextAsync("0");
        await like.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(like.Locator(".like-count")).ToHaveTextAsync("1");
        await page.Keyboard.PressAsync("Enter");
        await Expect(like.Locator(".like-count")).ToHaveTextAsync("1");

        var thread = await commenting.Thread(article.Str("slug"));
        Assert.Equal(1, thread.Items().Single(c => c.Str("id") == commentId).Int("likes"));

        await page.ReloadAsync();
        await Expect(like.Locator(".like-count")).ToHaveTextAsync("1");
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Tag_and_author_pages_list_their_articles()
    {
        var story = await StoryAsync();
        var page = await OpenAsync($"/tags/{story.TagSlug}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(story.TagName);
        await Expect(page.Locator(".card-title")).ToHaveTextAsync([story.Title]);

        await page.Locator(".card .byline-author").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{fx.SiteUrl}/authors/{story.AuthorSlug}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(story.AuthorName);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();
        await Expect(page.Locator(".author-head .bio")).ToContainTextAsync("battery metals");
        await Expect(page.Locator(".card-title")).ToHaveTextAsync([story.Title]);
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task The_newsletter_box_says_check_your_inbox_and_the_emailed_link_confirms_the_subscription()
    {
        var story = await StoryAsync();
        var page = await OpenAsync($"/articles/{story.Slug}");
        var box = page.GetByRole(AriaRole.Region, new() { Name = "The daily briefing" });
        var email = $"{Infrastructure.Api.Unique("reader")}@example.org";

        // A mistyped address is caught in the page, before anything is sent.
        await box.GetByLabel("Email address").FillAsync("not-an-address");
        await box.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(box.Locator(".field-error")).ToHaveTextAsync("Please enter a valid email address.");

        await box.GetByLabel("Email address").FillAsync(email);
        await box.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(box.Locator("[data-newsletter-status=check-inbox]")).ToContainTextAsync($"Check your inbox. We sent a confirmation link to {email}");

        // The API holds the address, unconfirmed, until the link in the email is followed.
        var admin = fx.Admin();
        async Task<string> Status() =>
            (await admin.GetAsync($"/api/v1/newsletter/subscribers?email={Uri.EscapeDataString(email)}").Expect(HttpStatusCode.OK))
                ["items"]!.AsArray().Single()!.Str("status");
        Assert.Equal("pending", await Status());

        // The link the confirmation email carries (made by the API's own token service), opened in the browser.
        var id = Guid.Parse((await admin.GetAsync($"/api/v1/newsletter/subscribers?email={Uri.EscapeDataString(email)}").Expect(HttpStatusCode.OK))
            ["items"]!.AsArray().Single()!.Str("id"));
        string token;
        await using (var scope = fx.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HeadlessCms.Api.Data.CmsDbContext>();
            var stamp = db.Subscribers.Where(s => s.Id == id).Select(s => s.ConfirmStamp).Single();
            token = await fx.Service<HeadlessCms.Api.Features.Newsletter.NewsletterTokens>().ForConfirmationAsync(id, stamp, default);
        }

        await page.GotoAsync($"{fx.ApiUrl}/api/v1/newsletter/confirm?token={Uri.EscapeDataString(token)}");
        var confirmed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Confirm my subscription" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/api/v1/newsletter/confirm", StringComparison.Ordinal));
        Assert.Equal(200, confirmed.Status);
        Assert.Equal("confirmed", await Status());
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task A_missing_article_shows_the_404_page()
    {
        var page = await OpenAsync($"/articles/{Infrastructure.Api.Unique("no-such-article")}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("We couldn't find that article");
        await Expect(page).ToHaveTitleAsync("Not found · Supply Lines");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the front page" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Latest news");
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task An_unreachable_API_is_reported_and_the_page_recovers_when_it_is_back()
    {
        var page = await (await ContextAsync()).NewPageAsync();
        bool ToApi(string url) => url.StartsWith(fx.ApiUrl, StringComparison.Ordinal);
        Func<IRoute, Task> refuse = route => route.AbortAsync("connectionrefused");
        await page.RouteAsync(ToApi, refuse);

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Latest news");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("can't reach the news service");

        await page.UnrouteAsync(ToApi, refuse);
        await page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(page.Locator(".card")).ToHaveCountAsync(NewsSiteFixture.PageSize);
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Too_many_comments_show_slow_down_with_the_retry_time()
    {
        // Another reader (the API tells clients apart by network and User-Agent), so the shared reader keeps its budget.
        await using var context = await fx.NewContextAsync(userAgent: $"SiteTestReader/{Guid.NewGuid():N}");
        var article = await new Commenting(fx).Article();
        var page = await OpenAsync($"/articles/{article.Str("slug")}", context);
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Submit a comment" });
        await form.GetByLabel("Name").FillAsync("Quick Typist");
        await form.GetByLabel("Email").FillAsync("quick@example.com");

        for (var i = 0; i < NewsSiteFixture.SubmissionLimit; i++)
        {
            await form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync($"Thought number {i} {Guid.NewGuid():N}");
            await form.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();
            await Expect(form.Locator("[data-comment-status=pending]")).ToBeVisibleAsync();
        }

        await form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync("One more thought.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();
        var slow = form.Locator(".state-slow");
        await Expect(slow).ToContainTextAsync("Slow down");
        var seconds = int.Parse((await slow.GetAttributeAsync("data-retry-after"))!, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        await Expect(slow).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"again in \d+ seconds?"));
        await Expect(form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true })).ToHaveValueAsync("One more thought.");
    }

    [Fact]
    public async Task The_loading_state_shows_until_the_API_answers()
    {
        var page = await (await ContextAsync()).NewPageAsync();
        var release = new TaskCompletionSource();
        await page.RouteAsync(url => url.StartsWith($"{fx.ApiUrl}/api/v1/articles?", StringComparison.Ordinal), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync("/");
        var region = page.Locator(".list-region");
        await Expect(region).ToHaveAttributeAsync("aria-busy", "true");
        await Expect(region.GetByRole(AriaRole.Status)).ToHaveTextAsync("Loading the latest articles…");

        release.SetResult();
        await Expect(page.Locator(".card")).ToHaveCountAsync(NewsSiteFixture.PageSize);
        await Expect(region).Not.ToHaveAttributeAsync("aria-busy", "true");
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Home_article_and_search_pages_pass_axe_and_are_captured_at_desktop_and_mobile_widths()
    {
        // A sample article with a short thread, so the captures look like a real page (the README shows one of them).
        const string sample = "russia-rare-earth-hub-processing-bottleneck";
        var commenting = new Commenting(fx);
        var question = await commenting.Approved(sample,
            "Processing feedstock is not the same as making magnets. Does anyone track how much concentrate still crosses that border?");
        var reply = await fx.Admin().PostJson($"/api/v1/articles/{sample}/comments", new
        {
            body = "Good question: the plant reports yearly totals only. We will add a chart when the next report is out.",
            parentId = question,
        }).Expect(HttpStatusCode.Accepted);
        await commenting.Approved(sample, "A useful corrective to the headlines. The 2030 target looked optimistic even before sanctions.");

        Directory.CreateDirectory(NewsSiteFixture.ScreenshotDirectory);
        foreach (var (device, width, height) in new[] { ("desktop", 1280, 900), ("mobile", 390, 844) })
        {
            await using var context = await ContextAsync(width, height);
            foreach (var (name, path, ready) in new[]
            {
                ("home", "/", ".card"),
                ("article", $"/articles/{sample}", $"#comment-{reply.Str("id")}"),
                ("search", "/search?q=rare%20earth", ".card .snippet mark"),
            })
            {
                var page = await OpenAsync(path, context);
                await Expect(page.Locator(ready).First).ToBeVisibleAsync();
                await Expect(page.Locator("[aria-busy=true]")).ToHaveCountAsync(0);
                if (device == "desktop")
                {
                    await Axe.AssertNoSeriousViolationsAsync(page);
                }

                await page.ScreenshotAsync(new() { Path = Path.Combine(NewsSiteFixture.ScreenshotDirectory, $"{name}-{device}.png"), FullPage = true });
                await NewsSiteFixture.ClosePageAsync(page);
            }

            // The search box with its suggestions open (the combobox's expanded state is scanned too).
            var home = await OpenAsync("/", context);
            await home.GetByRole(AriaRole.Combobox, new() { Name = "Search articles" }).FocusAsync();
            await home.Keyboard.TypeAsync("rare ear");
            await Expect(home.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
            await home.Keyboard.PressAsync("ArrowDown");
            if (device == "desktop")
            {
                await Axe.AssertNoSeriousViolationsAsync(home);
            }

            await home.ScreenshotAsync(new() { Path = Path.Combine(NewsSiteFixture.ScreenshotDirectory, $"suggestions-{device}.png") });
            await NewsSiteFixture.ClosePageAsync(home);
        }
    }

    [Fact]
    public async Task Search_finds_an_article_by_a_word_from_its_body_and_marks_the_word_in_the_snippet()
    {
        var word = Word();
        var article = await SearchableAsync($"Tailings Reprocessing Gets a Second Look {Guid.NewGuid().ToString("N")[..6]}",
            $"Engineers at the old mine say the {word} in the tailings is worth recovering now that prices have doubled.");
        var page = await OpenAsync("/");

        // The search landmark by keyboard: focus the box, type, Enter.
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Site search" });
        await search.GetByRole(AriaRole.Combobox, new() { Name = "Search articles" }).FocusAsync();
        await page.Keyboard.TypeAsync(word);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync($"{fx.SiteUrl}/search?q={word}");
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToHaveTextAsync($"Results for {word}");
        await Expect(heading).ToBeFocusedAsync();
        await Expect(page).ToHaveTitleAsync($"Search: {word} · Supply Lines");
        var card = page.Locator(".search-results .card");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator(".card-title a")).ToHaveTextAsync(article.Str("title"));
        await Expect(card.Locator(".card-title a")).ToHaveAttributeAsync("href", $"/articles/{article.Str("slug")}");
        await Expect(card.Locator(".byline")).ToContainTextAsync($"By {article["author"]!.Str("name")}");
        await Expect(card.Locator(".byline time")).ToHaveTextAsync(Day(article.Str("publishedAt")));
        await Expect(card.Locator(".snippet mark")).ToHaveTextAsync(word);
        await Expect(card.Locator(".snippet")).ToContainTextAsync($"the {word} in the tailings");
        Assert.Equal("rgb(255, 224, 138)", await card.Locator(".snippet mark").EvaluateAsync<string>("m => getComputedStyle(m).backgroundColor"));
        await Expect(search.GetByRole(AriaRole.Combobox)).ToHaveValueAsync(word);

        await card.Locator(".card-title a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(article.Str("title"));
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Typing_shows_suggestions_and_choosing_one_opens_the_article_or_the_topic()
    {
        var word = Word();
        var editor = await fx.Editor();
        var tag = await new ContentBuilder(editor).Tag($"{Cap(word)} Deposits");
        var article = await SearchableAsync($"{Cap(word)} Smelter Restarts After a Year Offline", "The furnace is hot again.", tag.Str("id"));
        var page = await OpenAsync("/");

        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search articles" });
        await box.FocusAsync();
        await page.Keyboard.TypeAsync(word[..6]);
        var list = page.GetByRole(AriaRole.Listbox, new() { Name = "Search suggestions" });
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        var articleOption = list.GetByRole(AriaRole.Option, new() { Name = $"Article {article.Str("title")}" });
        var tagOption = list.GetByRole(AriaRole.Option, new() { Name = $"Topic {tag.Str("name")}" });
        await Expect(articleOption).ToBeVisibleAsync();
        await Expect(tagOption).ToBeVisibleAsync();

        // Arrow down to the article (the box names the active option for assistive technology), then Enter.
        var count = await list.GetByRole(AriaRole.Option).CountAsync();
        for (var i = 0; i < count && await articleOption.GetAttributeAsync("aria-selected") != "true"; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(articleOption).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(box).ToHaveAttributeAsync("aria-activedescendant", (await articleOption.GetAttributeAsync("id"))!);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync($"{fx.SiteUrl}/articles/{article.Str("slug")}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(article.Str("title"));
        await Expect(list).ToBeHiddenAsync();
        // The page is complete once the router has moved focus to its heading.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();

        // A topic opens the topic page; Escape closes the list without leaving the page.
        await box.FillAsync("");
        await box.FocusAsync();
        await page.Keyboard.TypeAsync(word[..6]);
        await Expect(tagOption).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(list).ToBeHiddenAsync();
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Keyboard.PressAsync("Backspace");
        await tagOption.ClickAsync();
        await Expect(page).ToHaveURLAsync($"{fx.SiteUrl}/tags/{tag.Str("slug")}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(tag.Str("name"));
        await Expect(page.Locator(".card-title")).ToHaveTextAsync([article.Str("title")]);
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task A_misspelt_word_offers_did_you_mean_and_following_it_finds_the_article()
    {
        var word = Word();
        var misspelt = word[..3] + (word[3] == 'a' ? 'o' : 'a') + word[4..];
        var article = await SearchableAsync($"Port Authority Opens a Bonded Warehouse {Guid.NewGuid().ToString("N")[..6]}",
            $"The warehouse stores {word} concentrate until the buyers' inspections are done.");
        var page = await OpenAsync("/");

        // While typing: the correction is offered in the suggestions.
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search articles" });
        await box.FocusAsync();
        await page.Keyboard.TypeAsync(misspelt);
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = $"Did you mean {word}" })).ToBeVisibleAsync();

        // Searching for the misspelt word anyway: nothing matches, and the results page offers the correction too.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".search-results .state-empty")).ToHaveTextAsync($"No articles match “{misspelt}”. Try fewer or different words.");
        var correction = page.Locator(".did-you-mean");
        await Expect(correction).ToHaveTextAsync($"Did you mean {word}?");
        await correction.GetByRole(AriaRole.Link, new() { Name = word }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{fx.SiteUrl}/search?q={word}");
        await Expect(page.Locator(".search-results .card-title")).ToHaveTextAsync([article.Str("title")]);
        await Expect(page.Locator(".search-results .snippet mark")).ToHaveTextAsync(word);
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task A_search_without_hits_shows_the_empty_state()
    {
        var word = Word();
        var page = await OpenAsync($"/search?q={word}%20{Word()}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(word);
        await Expect(page.Locator(".search-results .state-empty")).ToContainTextAsync("No articles match “" + word);
        await Expect(page.Locator(".search-results .card")).ToHaveCountAsync(0);
        await Expect(page.Locator(".search-results[aria-busy=true]")).ToHaveCountAsync(0);
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task A_query_the_API_refuses_shows_the_APIs_reason()
    {
        var problem = await fx.Anonymous().GetAsync("/api/v1/search?q=%2A%2A%20%26").ExpectValidation("q");
        var reason = problem["errors"]!["q"]![0]!.GetValue<string>();
        var page = await OpenAsync("/search?q=%2A%2A%20%26");
        await Expect(page.Locator(".search-results").GetByRole(AriaRole.Alert)).ToHaveTextAsync(reason);
        await Expect(page.Locator(".search-results .card")).ToHaveCountAsync(0);
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Search_results_page_with_load_more_following_the_cursor()
    {
        var word = Word();
        for (var i = 0; i < NewsSiteFixture.PageSize + 1; i++)
        {
            await SearchableAsync($"Magnet Recycling Update {i} {Guid.NewGuid().ToString("N")[..6]}", $"Report {i} on {word} recovery from old motors.");
        }

        var api = fx.Anonymous();
        var first = await api.GetAsync($"/api/v1/search?q={word}&limit={NewsSiteFixture.PageSize}").Expect(HttpStatusCode.OK);
        var second = await api.GetAsync($"/api/v1/search?q={word}&limit={NewsSiteFixture.PageSize}&cursor={Uri.EscapeDataString(first.Str("nextCursor"))}")
            .Expect(HttpStatusCode.OK);
        var firstTitles = first.Items().Select(a => a.Str("title")).ToArray();
        var secondTitles = second.Items().Select(a => a.Str("title")).ToArray();
        Assert.Single(secondTitles);

        var page = await OpenAsync($"/search?q={word}");
        var titles = page.Locator(".search-results .card-title");
        await Expect(titles).ToHaveTextAsync(firstTitles);
        await page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();
        await Expect(titles).ToHaveTextAsync([.. firstTitles, .. secondTitles]);
        await Expect(page.Locator(".search-results .card").Nth(firstTitles.Length).Locator("a").First).ToBeFocusedAsync();
        await Expect(page.Locator(".search-results .snippet mark")).ToHaveTextAsync(Enumerable.Repeat(word, firstTitles.Length + 1).ToArray());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load more" })).ToHaveCountAsync(0);
        await NewsSiteFixture.ClosePageAsync(page);
    }

    [Fact]
    public async Task Search_that_is_rate_limited_says_slow_down_with_the_retry_time()
    {
        var page = await (await ContextAsync()).NewPageAsync();
        await page.RouteAsync(url => url.StartsWith($"{fx.ApiUrl}/api/v1/search?", StringComparison.Ordinal), route => route.Request.Method == "OPTIONS" ? route.ContinueAsync() : route.FulfillAsync(new()
        {
            Status = 429,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string>
            {
                ["Retry-After"] = "17",
                ["Access-Control-Allow-Origin"] = "*",
                ["Access-Control-Expose-Headers"] = "Retry-After",
            },
            Body = """{"type":"about:blank","title":"Too Many Requests","status":429}""",
        }));

        await page.GotoAsync("/search?q=cobalt");
        var slow = page.Locator(".search-results .state-slow");
        await Expect(slow).ToContainTextAsync("Slow down");
        await Expect(slow).ToHaveAttributeAsync("data-retry-after", "17");
        await Expect(slow).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"again in 1[0-7] seconds"));
        await NewsSiteFixture.ClosePageAsync(page);
    }

    private async Task<IBrowserContext> ContextAsync(int width = 1280, int height = 900)
    {
        if (fx.Unavailable is not null)
        {
            Assert.Skip(fx.Unavailable);
        }

        return await fx.NewContextAsync(width: width, height: height);
    }

    /// <summary>A made-up word no other article contains: syllables of plain letters, so stemming leaves it whole.</summary>
    private static string Word()
    {
        const string consonants = "bdgkmpvz";
        const string vowels = "aeiou";
        var random = Random.Shared;
        var letters = new char[9];
        for (var i = 0; i < letters.Length; i++)
        {
            letters[i] = i % 2 == 0 ? consonants[random.Next(consonants.Length)] : vowels[random.Next(vowels.Length)];
        }

        letters[0] = 'z';
        return new string(letters);
    }

    private static string Cap(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>A published article with the given title and body, by a fresh author; returns the API's article.</summary>
    private async Task<JsonNode> SearchableAsync(string title, string body, string? tagId = null)
    {
        var builder = new ContentBuilder(await fx.Editor());
        var author = await builder.Author();
        var draft = await builder.Draft(author.Str("id"), title, tagId is null ? null : [tagId], body);
        return await builder.Publish(draft.Str("id"));
    }

    private static string Day(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).UtcDateTime.ToString("MMM d, yyyy", English);

    private sealed record Story(
        JsonNode Article, string Slug, string Title, string AuthorName, string AuthorSlug, string TagName, string TagSlug,
        string ReaderCommentId, string ReaderText, string StaffReplyId, string StaffText);

    /// <summary>A published article with every part of the reference page: highlights, sections, source, tag, author with bio, a thread with a staff reply.</summary>
    private async Task<Story> StoryAsync()
    {
        var editor = await fx.Editor();
        var author = await editor.PostJson("/api/v1/authors", new
        {
            name = $"Ines Carvalho {Guid.NewGuid().ToString("N")[..6]}",
            bio = "Ines covers **battery metals** and the ports that move them, from Lisbon.",
        }).Expect(HttpStatusCode.Created);
        var tag = await new ContentBuilder(editor).Tag($"Cobalt {Guid.NewGuid().ToString("N")[..6]}");
        var title = $"Cobalt Refiners Test a New Route Out of the Copperbelt {Guid.NewGuid().ToString("N")[..6]}";
        var draft = await editor.PostJson("/api/v1/articles", new
        {
            title,
            excerpt = "A refinery consortium wants to process more ore near the mines. The economics are tight.",
            body = "Opening paragraph about the plan.\n\n## What the numbers say\n\nOutput of **refined cobalt** would double.\n\n## What comes next\n\nPermits first, then plants.",
            highlights = new[] { "A consortium plans a refinery near the mines.", "Output would double by 2030.", "Financing is not settled." },
            authorId = author.Str("id"),
            tagIds = new[] { tag.Str("id") },
            source = new { name = "Lisbon Metals Review", url = "https://example.org/lmr", publishedOn = "2026-01-20" },
        }).Expect(HttpStatusCode.Created);
        var article = await new ContentBuilder(editor).Publish(draft.Str("id"));

        var commenting = new Commenting(fx);
        var readerText = $"Where will the acid for leaching come from? {Guid.NewGuid():N}";
        var readerId = await commenting.Approved(article.Str("slug"), readerText);
        var staffText = "Mostly imported for now; we will follow up.";
        var staffReply = await fx.Admin().PostJson($"/api/v1/articles/{article.Str("slug")}/comments", new { body = staffText, parentId = readerId })
            .Expect(HttpStatusCode.Accepted);
        return new Story(article, article.Str("slug"), title, author.Str("name"), author.Str("slug"), tag.Str("name"), tag.Str("slug"),
            readerId, readerText, staffReply.Str("id"), staffText);
    }
}
