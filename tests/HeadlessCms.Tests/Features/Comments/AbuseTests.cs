using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Comments;

/// <summary>Spam rules that store quietly as spam, injection that stays inert, and emails that never reach a reader.</summary>
public abstract partial class AbuseTests(CmsApiFixture fx)
{
    private readonly Commenting comments = new(fx);

    /// <summary>Submits as a fresh reader; the answer is always a plain 202 pending. Returns the stored (moderator) view.</summary>
    private async Task<JsonNode> Stored(string slug, Dictionary<string, object?> body, HttpClient? reader = null)
    {
        var accepted = await comments.Submit(slug, body, reader);
        Assert.Equal("pending", accepted.Str("status"));
        return await comments.Get(accepted.Str("id"));
    }

    [Fact]
    public async Task A_filled_honeypot_is_accepted_like_any_comment_but_stored_as_spam()
    {
        var slug = (await comments.Article()).Str("slug");
        var body = Commenting.Body();
        body["website"] = "https://bot.example";

        var stored = await Stored(slug, body);

        Assert.Equal("spam", stored.Str("status"));
        Assert.Equal("honeypot", stored.Str("spamReason"));
        var queue = await (await comments.Moderator()).GetAsync($"/api/v1/comments?status=spam&article={slug}").Expect(HttpStatusCode.OK);
        Assert.Equal([stored.Str("id")], queue.Ids());
        Assert.Empty((await (await comments.Moderator()).GetAsync($"/api/v1/comments?article={slug}").Expect(HttpStatusCode.OK)).Items());
    }

    [Fact]
    public async Task More_links_than_allowed_is_spam_and_the_allowed_number_is_not()
    {
        var slug = (await comments.Article()).Str("slug");
        var two = await Stored(slug, Commenting.Body("See https://a.example/x and www.b.example for more."));
        Assert.Equal("pending", two.Str("status"));

        var three = await Stored(slug, Commenting.Body("https://a.example http://b.example www.c.example"));
        Assert.Equal("spam", three.Str("status"));
        Assert.Equal("links", three.Str("spamReason"));
    }

    [Theory]
    [InlineData("Best CASINO bonus here.", null, "spam")]
    [InlineData("Order at https://www.pills.example/buy now.", null, "spam")]
    [InlineData("A fair remark.", "https://shop.pills.example", "spam")]
    [InlineData("Casinos and their tax status are a fair topic.", null, "pending")]
    [InlineData("nopills.example is not on the list.", null, "pending")]
    public async Task Blocklisted_words_and_domains_are_spam_as_whole_words(string text, string? url, string status)
    {
        var body = Commenting.Body($"{text} {Guid.NewGuid():N}");
        body["authorUrl"] = url;
        var stored = await Stored((await comments.Article()).Str("slug"), body);
        Assert.Equal(status, stored.Str("status"));
        Assert.Equal(status == "spam" ? "blocklist" : null, stored["spamReason"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_exact_duplicate_from_the_same_client_is_spam_but_not_from_another_client()
    {
        var slug = (await comments.Article()).Str("slug");
        var text = $"Copy and paste {Guid.NewGuid():N}";
        var reader = comments.Reader();

        Assert.Equal("pending", (await Stored(slug, Commenting.Body(text), reader)).Str("status"));
        var again = await Stored((await comments.Article()).Str("slug"), Commenting.Body(text), reader);
        Assert.Equal("spam", again.Str("status"));
        Assert.Equal("duplicate", again.Str("spamReason"));
        Assert.Equal("pending", (await Stored(slug, Commenting.Body(text), comments.Reader())).Str("status"));
    }

    [Fact]
    public async Task Html_and_script_injection_comes_back_inert_in_every_representation()
    {
        var slug = (await comments.Article()).Str("slug");
        const string attack = "<script>alert('x')</script>\n<img src=x onerror=alert(1)>\n\n<a href=\"javascript:alert(2)\">click</a> \"quoted\" & https://ok.example/?a=1&b=<b>";
        var body = Commenting.Body(attack);
        body["authorName"] = "<b onmouseover=alert(3)>Eve</b>";
        var reader = comments.Reader();

        var acceptedResponse = await reader.PostJson(Commenting.Path(slug), body);
        var acceptedRaw = await acceptedResponse.Content.ReadAsStringAsync();
        var id = JsonNode.Parse(acceptedRaw)!.Str("id");
        await comments.Moderate(id, "approve");

        var threadRaw = await reader.GetStringAsync(Commenting.Path(slug));
        var moderatorRaw = await (await comments.Moderator()).GetStringAsync($"/api/v1/comments/{id}");
        var queueRaw = await (await comments.Moderator()).GetStringAsync($"/api/v1/comments?status=approved&article={slug}");

        // The answer to the submission echoes nothing the reader sent.
        Assert.DoesNotContain("alert", acceptedRaw);
        Assert.DoesNotContain("Eve", acceptedRaw);

        foreach (var view in new[] { JsonNode.Parse(threadRaw)!.Items()[0]!, JsonNode.Parse(moderatorRaw)!, JsonNode.Parse(queueRaw)!.Items()[0]! })
        {
            // The plain-text fields are data, exactly as given (a JSON string is never markup); the HTML form has only our
            // own tags and attributes, and everything the reader typed is encoded text inside them.
            Assert.Equal(attack, view.Str("body"));
            Assert.Equal("<b onmouseover=alert(3)>Eve</b>", view.Str("authorName"));
            var html = view.Str("bodyHtml");
            Assert.All(Tag().Matches(html), t => Assert.Matches(AllowedTag(), t.Value));
            Assert.Contains("&lt;script&gt;", html);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
            Assert.Contains("<a href=\"https://ok.example/?a=1&amp;b=\" rel=\"nofollow ugc noopener\">", html);
            Assert.DoesNotContain("href=\"javascript", html);
        }
    }

    [Fact]
    public async Task No_response_an_anonymous_caller_can_get_contains_the_email()
    {
        var article = await comments.Article();
        var slug = article.Str("slug");
        var email = $"{Infrastructure.Api.Unique("secret")}@private.example";
        var reader = comments.Reader();
        var texts = new List<string>();

        async Task<string> Raw(Task<HttpResponseMessage> call)
        {
            var text = await (await call).Content.ReadAsStringAsync();
            texts.Add(text);
            return text;
        }

        var id = JsonNode.Parse(await Raw(reader.PostJson(Commenting.Path(slug), Commenting.Body(email: email))))!.Str("id");
        await comments.Moderate(id, "approve");
        var replyBody = Commenting.Body(parentId: id, email: email);
        await Raw(reader.PostJson(Commenting.Path(slug), replyBody));
        await Raw(reader.PostJson(Commenting.Path(slug), Commenting.Body(new string('x', 6000), email: email)));
        await Raw(reader.GetAsync(Commenting.Path(slug)));
        await Raw(reader.GetAsync(Commenting.Path(article.Str("id")) + "?limit=1"));
        await Raw(reader.GetAsync($"/api/v1/articles/{slug}"));
        await Raw(reader.GetAsync($"/api/v1/articles?author={article["author"]!.Str("id")}"));
        await Raw(reader.PostAsync($"/api/v1/comments/{id}/likes", null));
        await Raw(reader.GetAsync($"/api/v1/comments/{id}"));
        await Raw(reader.GetAsync($"/api/v1/comments?article={slug}"));
        await Raw(reader.GetAsync("/api/v1/comments/stats"));

        Assert.Contains(texts, t => t.Contains(id));
        Assert.All(texts, t => Assert.DoesNotContain(email, t, StringComparison.OrdinalIgnoreCase));
        Assert.All(texts, t => Assert.DoesNotContain("authorEmail", t));
        Assert.All(texts, t => Assert.DoesNotContain("clientHash", t, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("""^(<p>|</p>|<br>|</a>|<a href="https?://[^"<>]*" rel="nofollow ugc noopener">)$""")]
    private static partial Regex AllowedTag();
}

public sealed class AbuseTestsOnSqlite(CommentsSqliteFixture fx) : AbuseTests(fx), IClassFixture<CommentsSqliteFixture>;

public sealed class AbuseTestsOnPostgres(CommentsPostgresFixture fx) : AbuseTests(fx.OrSkip()), IClassFixture<CommentsPostgresFixture>;
