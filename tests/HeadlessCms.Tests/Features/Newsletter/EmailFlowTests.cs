using System.Net;
using System.Text.RegularExpressions;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Newsletter;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>
/// The whole path through a real SMTP server: signup, the confirmation email as a mail server receives it (parsed with
/// MimeKit), its link followed, a digest with the reader's topics, and one-click unsubscribe from the digest's headers.
/// </summary>
public abstract partial class EmailFlowTests(INewsletterFixture fx)
{
    private readonly Subscribing newsletter = new(fx);

    [Fact]
    public async Task Signup_email_confirm_digest_and_one_click_unsubscribe_work_end_to_end()
    {
        var editor = await fx.Api.Editor();
        var content = new ContentBuilder(editor);
        var wanted = await content.Tag();
        var other = await content.Tag();
        var author = (await content.Author()).Str("id");
        var email = Subscribing.NewAddress();
        const string name = "Zoë Łukasz 山田 Ψ";

        await newsletter.SignUp(new { email, name, tags = new[] { wanted.Str("slug") } });
        await fx.Deliver();

        // The confirmation email, as the SMTP server received it.
        var confirmation = await fx.Inbox.WaitForAsync(email);
        Assert.Equal("Confirm your subscription to The Daily Ore", confirmation.Subject);
        Assert.Equal(name, confirmation.To.Mailboxes.Single().Name);
        Assert.Equal("newsletter@news.example", confirmation.From.Mailboxes.Single().Address);
        AssertWellFormed(confirmation);
        var confirmLink = SingleLink(confirmation, "/api/v1/newsletter/confirm?token=");
        Assert.Contains(confirmLink, confirmation.HtmlBody);
        Assert.Contains($"Hello {name},", confirmation.TextBody);

        // Follow the link: the page changes nothing; its button (a POST with the token) confirms.
        var path = Relative(confirmLink);
        var page = await fx.Api.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));
        Assert.Equal("confirmed", (await fx.Api.Anonymous().PostAsync(path, null).Expect(HttpStatusCode.OK)).Str("status"));

        // A digest: the article on the reader's topic reaches them, the other one does not.
        await editor.PostAsync("/api/v1/newsletter/digests", null);
        var onTopic = await content.Published(author, Infrastructure.Api.Unique("Rare earths & refining"), [wanted.Str("id")]);
        var offTopic = await content.Published(author, Infrastructure.Api.Unique("Elsewhere"), [other.Str("id")]);
        await editor.PostAsync("/api/v1/newsletter/digests", null).Expect(HttpStatusCode.Accepted);
        await fx.Deliver();

        var digest = await fx.Inbox.WaitForAsync(email, IsDigest);
        Assert.Equal($"The Daily Ore: {onTopic.Str("title")}", digest.Subject);
        AssertWellFormed(digest);
        Assert.Contains(onTopic.Str("title"), digest.TextBody);
        Assert.Contains(WebUtility.HtmlEncode(onTopic.Str("title")), digest.HtmlBody);
        Assert.DoesNotContain(offTopic.Str("title"), digest.TextBody);
        var articleLink = $"{NewsletterSetup.BaseUrl}/api/v1/articles/{onTopic.Str("slug")}";
        Assert.Contains(articleLink, digest.TextBody);
        Assert.Contains($"href=\"{articleLink}\"", digest.HtmlBody);
        await fx.Api.Anonymous().GetAsync(Relative(articleLink)).Expect(HttpStatusCode.OK);

        // One click, as a mail program does it (RFC 8058): POST to the https link of List-Unsubscribe.
        var unsubscribe = UnsubscribeLinks(digest).Https;
        var oneClick = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        Assert.Equal("unsubscribed", (await fx.Api.Anonymous().PostAsync(Relative(unsubscribe), oneClick).Expect(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("unsubscribed", (await newsletter.Find(email)).Str("status"));

        // Nothing more reaches them.
        await content.Published(author, null, [wanted.Str("id")]);
        await editor.PostAsync("/api/v1/newsletter/digests", null).Expect(HttpStatusCode.Accepted);
        await fx.Deliver();
        Assert.Equal(2, fx.Inbox.To(email).Count);
    }

    [Fact]
    public async Task A_digest_reaches_each_matching_subscriber_once_even_when_its_fan_out_runs_again()
    {
        var editor = await fx.Api.Editor();
        var content = new ContentBuilder(editor);
        var tag = await content.Tag();
        var author = (await content.Author()).Str("id");
        var everything = await ConfirmedThroughEmail(null);
        var onTopic = await ConfirmedThroughEmail([tag.Str("slug")]);
        var offTopic = await ConfirmedThroughEmail([(await content.Tag()).Str("slug")]);
        var pending = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = pending });

        await editor.PostAsync("/api/v1/newsletter/digests", null);
        await content.Published(author, null, [tag.Str("id")]);
        var response = await editor.PostAsync("/api/v1/newsletter/digests", null);
        var digestId = Guid.Parse((await response.Expect(HttpStatusCode.Accepted)).Str("id"));
        await fx.Deliver();

        // The fan-out runs again (as after a crash that lost its "done"): nobody is queued twice.
        await using (var scope = fx.Api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.Enqueue(NewsletterJobs.Digest, new NewsletterJobs.DigestPayload(digestId), fx.Clock);
            await db.SaveChangesAsync();
        }

        await fx.Deliver();
        Assert.Single(fx.Inbox.To(everything), IsDigest);
        Assert.Single(fx.Inbox.To(onTopic), IsDigest);
        Assert.DoesNotContain(fx.Inbox.To(offTopic), IsDigest);
        Assert.DoesNotContain(fx.Inbox.To(pending), IsDigest);

        var state = await editor.GetAsync(response.Headers.Location!.OriginalString).Expect(HttpStatusCode.OK);
        Assert.True(state.Int("recipients") >= 2);
        Assert.NotNull(state["queuedAt"]);
    }

    [Fact]
    public async Task Re_signups_of_a_pending_address_send_one_email_an_hour_and_a_confirmed_address_gets_none()
    {
        var email = Subscribing.NewAddress();
        for (var i = 0; i < 5; i++)
        {
            await newsletter.SignUp(new { email });
        }

        await fx.Deliver();
        await fx.Inbox.WaitForAsync(email);
        Assert.Single(fx.Inbox.To(email));

        fx.Clock.Advance(TimeSpan.FromMinutes(61));
        await newsletter.SignUp(new { email });
        await fx.Deliver();
        Assert.Equal(2, fx.Inbox.To(email).Count);

        // Both links work until one is used (they carry the same confirmation round).
        await fx.Api.Anonymous().PostAsync(Relative(SingleLink(fx.Inbox.To(email)[0], "/api/v1/newsletter/confirm?token=")), null)
            .Expect(HttpStatusCode.OK);
        await newsletter.SignUp(new { email });
        await fx.Deliver();
        Assert.Equal(2, fx.Inbox.To(email).Count);
    }

    private async Task<string> ConfirmedThroughEmail(string[]? tags)
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email, tags });
        await fx.Deliver();
        var link = SingleLink(await fx.Inbox.WaitForAsync(email), "/api/v1/newsletter/confirm?token=");
        await fx.Api.Anonymous().PostAsync(Relative(link), null).Expect(HttpStatusCode.OK);
        return email;
    }

    private static bool IsDigest(MimeMessage message) => message.Subject?.StartsWith("The Daily Ore:", StringComparison.Ordinal) == true;

    /// <summary>What every newsletter email must carry, read from the message as received.</summary>
    private static void AssertWellFormed(MimeMessage message)
    {
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.EndsWith("@news.example", message.MessageId);
        Assert.InRange(message.Date, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        Assert.NotNull(message.TextBody);
        Assert.NotNull(message.HtmlBody);
        Assert.NotNull(message.Body);
        Assert.Equal("multipart/alternative", message.Body.ContentType.MimeType);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var (mailto, https) = UnsubscribeLinks(message);
        Assert.StartsWith("mailto:newsletter@news.example?subject=unsubscribe%20", mailto);
        Assert.StartsWith($"{NewsletterSetup.BaseUrl}/api/v1/newsletter/unsubscribe?token=", https);
        Assert.Contains(https, message.TextBody);

        // Raw headers are 7-bit: names and subjects in any script are RFC 2047 encoded words.
        using var raw = new MemoryStream();
        message.Headers.WriteTo(raw);
        Assert.All(raw.ToArray(), b => Assert.True(b < 0x80));
    }

    private static (string Mailto, string Https) UnsubscribeLinks(MimeMessage message)
    {
        var header = message.Headers["List-Unsubscribe"];
        Assert.NotNull(header);
        var links = AngleBracketed().Matches(header).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, links.Count);
        return (links.Single(l => l.StartsWith("mailto:", StringComparison.Ordinal)), links.Single(l => l.StartsWith("https:", StringComparison.Ordinal)));
    }

    private static string SingleLink(MimeMessage message, string path)
    {
        Assert.NotNull(message.TextBody);
        var links = Links().Matches(message.TextBody).Select(m => m.Value).Where(l => l.StartsWith(NewsletterSetup.BaseUrl + path, StringComparison.Ordinal)).Distinct().ToList();
        return Assert.Single(links);
    }

    private static string Relative(string absolute) =>
        absolute.StartsWith(NewsletterSetup.BaseUrl, StringComparison.Ordinal) ? absolute[NewsletterSetup.BaseUrl.Length..] : throw new InvalidOperationException(absolute);

    [GeneratedRegex("<([^>]+)>")]
    private static partial Regex AngleBracketed();

    [GeneratedRegex(@"https://\S+")]
    private static partial Regex Links();
}

public sealed class EmailFlowTestsOnSqlite(NewsletterSqliteFixture fx) : EmailFlowTests(fx), IClassFixture<NewsletterSqliteFixture>;

public sealed class EmailFlowTestsOnPostgres(NewsletterPostgresFixture fx) : EmailFlowTests(fx.OrSkipNewsletter()), IClassFixture<NewsletterPostgresFixture>;
