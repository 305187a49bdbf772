using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>Admins list, count, export and erase subscribers; nobody else ever sees an address.</summary>
public abstract class SubscriberAdminTests(INewsletterFixture fx)
{
    private readonly Subscribing newsletter = new(fx);

    [Fact]
    public async Task Only_admins_see_subscribers()
    {
        var editor = await fx.Api.Editor();
        foreach (var path in new[] { "/api/v1/newsletter/subscribers", "/api/v1/newsletter/subscribers/counts", "/api/v1/newsletter/subscribers/export" })
        {
            await fx.Api.Anonymous().GetAsync(path).ExpectUnauthorized();
            await editor.GetAsync(path).ExpectProblem(HttpStatusCode.Forbidden);
        }

        await fx.Api.Anonymous().DeleteAsync($"/api/v1/newsletter/subscribers/{Guid.NewGuid()}").ExpectUnauthorized();
        await editor.DeleteAsync($"/api/v1/newsletter/subscribers/{Guid.NewGuid()}").ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_list_filters_by_status_and_pages_newest_first_without_repeats()
    {
        var emails = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            emails.Add(await newsletter.Confirmed());
        }

        var admin = fx.Api.Admin();
        var seen = new List<string>();
        string? next = "/api/v1/newsletter/subscribers?status=confirmed&limit=2";
        while (next is not null)
        {
            var response = await admin.GetAsync(next);
            var page = await response.Expect(HttpStatusCode.OK);
            Assert.All(page.Items(), s => Assert.Equal("confirmed", s.Str("status")));
            seen.AddRange(page.Items().Select(s => s.Str("email")));
            next = response.NextLink()?.Replace(NewsletterSetup.BaseUrl, "", StringComparison.Ordinal);
            Assert.Equal(next is null, page["nextCursor"] is null);
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var positions = emails.Select(e => seen.IndexOf(e)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.OrderDescending(), positions);

        await admin.GetAsync("/api/v1/newsletter/subscribers?status=gone").ExpectValidation("status");
        await admin.GetAsync("/api/v1/newsletter/subscribers?status=1").ExpectValidation("status");
        await admin.GetAsync("/api/v1/newsletter/subscribers?limit=0").ExpectValidation("limit");
        await admin.GetAsync("/api/v1/newsletter/subscribers?cursor=nope").ExpectValidation("cursor");
        await admin.GetAsync("/api/v1/newsletter/subscribers?email=not-an-address").ExpectValidation("email");
        await admin.GetAsync("/api/v1/newsletter/subscribers/export?status=gone").ExpectValidation("status");
    }

    [Fact]
    public async Task Counts_follow_signups_confirmations_and_unsubscribes()
    {
        var before = await Counts();
        var pending = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = pending });
        var confirmed = await newsletter.Confirmed();
        var leaving = await newsletter.Confirmed();
        await fx.Api.Anonymous().PostAsync($"/api/v1/newsletter/unsubscribe?token={await newsletter.UnsubscribeToken(leaving)}", null)
            .Expect(HttpStatusCode.OK);

        var after = await Counts();
        Assert.Equal(before.Pending + 1, after.Pending);
        Assert.Equal(before.Confirmed + 1, after.Confirmed);
        Assert.Equal(before.Unsubscribed + 1, after.Unsubscribed);
        Assert.Equal(before.Total + 3, after.Total);
        Assert.NotNull(confirmed);
    }

    [Fact]
    public async Task Erasing_a_subscriber_removes_the_address_everywhere_and_the_audit_names_only_the_id()
    {
        var content = new ContentBuilder(await fx.Api.Editor());
        var tag = (await content.Tag()).Str("slug");
        var email = await newsletter.Confirmed(tags: new[] { tag }, name: "Erase Me");
        var id = (await newsletter.Find(email)).Str("id");

        var admin = fx.Api.Admin();
        await admin.DeleteAsync($"/api/v1/newsletter/subscribers/{id}").Expect(HttpStatusCode.NoContent);
        await admin.DeleteAsync($"/api/v1/newsletter/subscribers/{id}").ExpectProblem(HttpStatusCode.NotFound);

        Assert.Null(await newsletter.Find(email));
        var export = await (await admin.GetAsync("/api/v1/newsletter/subscribers/export")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, export);
        var audit = await admin.GetAsync($"/api/v1/audit?target={id}").Expect(HttpStatusCode.OK);
        var entry = Assert.Single(audit.Items());
        Assert.Equal("delete-subscriber", entry.Str("action"));
        Assert.DoesNotContain(email, audit.ToJsonString());
        Assert.DoesNotContain("Erase Me", audit.ToJsonString());

        // The same address can sign up again from scratch.
        await newsletter.SignUp(new { email });
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));
    }

    [Fact]
    public async Task The_export_is_csv_that_keeps_commas_quotes_and_would_be_formulas_inert()
    {
        var content = new ContentBuilder(await fx.Api.Editor());
        var tags = new[] { (await content.Tag()).Str("slug"), (await content.Tag()).Str("slug") };
        var formula = await newsletter.Confirmed(name: "=HYPERLINK(\"http://evil.example\",\"x\")", tags: tags);
        var comma = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = comma, name = "Lindqvist, Mara \"M\"" });

        var response = await fx.Api.Admin().GetAsync("/api/v1/newsletter/subscribers/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("subscribers.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,email,name,status,topics,createdAt,confirmationSentAt,confirmedAt,unsubscribedAt", lines[0]);

        var formulaLine = Assert.Single(lines, l => l.Contains(formula));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",confirmed," + string.Join(' ', tags.Order(StringComparer.Ordinal)) + ",", formulaLine);
        var commaLine = Assert.Single(lines, l => l.Contains(comma));
        Assert.Contains(",\"Lindqvist, Mara \"\"M\"\"\",pending,,", commaLine);

        var pendingOnly = await (await fx.Api.Admin().GetAsync("/api/v1/newsletter/subscribers/export?status=pending")).Content.ReadAsStringAsync();
        Assert.Contains(comma, pendingOnly);
        Assert.DoesNotContain(formula, pendingOnly);
    }

    private async Task<(int Pending, int Confirmed, int Unsubscribed, int Total)> Counts()
    {
        var counts = await fx.Api.Admin().GetAsync("/api/v1/newsletter/subscribers/counts").Expect(HttpStatusCode.OK);
        return (counts.Int("pending"), counts.Int("confirmed"), counts.Int("unsubscribed"), counts.Int("total"));
    }
}

public sealed class SubscriberAdminTestsOnSqlite(NewsletterSqliteFixture fx) : SubscriberAdminTests(fx), IClassFixture<NewsletterSqliteFixture>;

public sealed class SubscriberAdminTestsOnPostgres(NewsletterPostgresFixture fx)
    : SubscriberAdminTests(fx.OrSkipNewsletter()), IClassFixture<NewsletterPostgresFixture>;
